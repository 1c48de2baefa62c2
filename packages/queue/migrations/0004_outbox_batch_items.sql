-- How many events a batch row holds, written with the row. The relay combines consecutive batch rows
-- into envelopes of up to the queue's capacity (250): auth's group commit writes ~20 events a row
-- under load, and one BullMQ job per row paid the per-job Redis scripts and Job objects the envelope
-- design exists to amortise. To pack rows the relay needs their sizes, and reading them from the text
-- would mean parsing every batch on the forwarding path, which batch rows were made to avoid.
-- Nullable: rows written before this migration (or by a writer that predates it, during a rolling
-- deploy) have no count; the relay forwards each of them alone, as before.
ALTER TABLE outbox ADD COLUMN batch_items integer NULL;
-- A count only on batch rows, and never zero (an empty batch is not an envelope). It does not check
-- the count against json_array_length(batch): that would read the whole array again on every insert of
-- the hot path; the one writer (insertAuditEventBatch) sets it from the array it serialises.
-- NOT VALID: every row present now has batch_items NULL (the column is new), so it holds for them by
-- construction, and validating would scan the whole outbox (a day of dispatched rows under load) while
-- this transaction holds the table's ACCESS EXCLUSIVE lock, stalling every emitter. New and updated
-- rows are checked all the same.
ALTER TABLE outbox ADD CONSTRAINT outbox_batch_items
  CHECK (batch_items IS NULL OR (batch IS NOT NULL AND batch_items >= 1)) NOT VALID;
