-- Transactional outbox: a service writes its audit events (and other messages) here in the same
-- transaction as the change; the relay moves undispatched rows to BullMQ and stamps dispatched_at.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  topic text NOT NULL DEFAULT 'audit',
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz NULL,
  attempts int NOT NULL DEFAULT 0,
  last_error text NULL
);

-- The relay's claim query reads only undispatched rows in (created_at, id) order; keeping them in
-- a partial index means its cost does not grow with the dispatched history awaiting pruning.
CREATE INDEX outbox_undispatched_idx ON outbox (created_at, id) WHERE dispatched_at IS NULL;

-- Pruning deletes dispatched rows older than the retention, oldest first, in small batches.
CREATE INDEX outbox_dispatched_at_idx ON outbox (dispatched_at) WHERE dispatched_at IS NOT NULL;
