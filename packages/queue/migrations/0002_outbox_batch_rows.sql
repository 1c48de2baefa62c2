-- Batch rows: a hot-path writer that commits many events together (auth's group commit) may store them
-- as ONE row whose `batch` holds the JSON array of their payloads, instead of one row per event. The
-- relay then claims, marks and enqueues one row per commit (one envelope job whose items travel as the
-- stored text, never parsed on the way), and Postgres writes one heap tuple and one set of index
-- entries per commit instead of per event (bench/auth/README.md measured the difference).
-- Every row holds exactly one of `payload` (one event, jsonb as before) or `batch`.
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN batch json NULL;
-- `json` keeps the text exactly as written (what the relay forwards); EXTERNAL stores a large batch out
-- of line without compressing it, so neither the insert nor the relay pays for pglz on the hot path,
-- and marking the row dispatched rewrites only the small heap tuple, not the batch.
ALTER TABLE outbox ALTER COLUMN batch SET STORAGE EXTERNAL;
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_or_batch
  CHECK ((payload IS NULL) <> (batch IS NULL) AND (batch IS NULL OR json_typeof(batch) = 'array'));

-- Every outbox event, whichever shape its row has: one line per event with the row it sits in. For
-- operators and for readers that look events up by id (the audit reconciler).
CREATE VIEW outbox_events AS
  SELECT o.id AS row_id, o.topic, o.payload, o.created_at, o.dispatched_at
    FROM outbox o
   WHERE o.payload IS NOT NULL
  UNION ALL
  SELECT o.id AS row_id, o.topic, e.item::jsonb AS payload, o.created_at, o.dispatched_at
    FROM outbox o
   CROSS JOIN LATERAL json_array_elements(o.batch) AS e(item)
   WHERE o.batch IS NOT NULL;
