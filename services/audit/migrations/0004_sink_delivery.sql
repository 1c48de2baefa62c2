-- Webhook sinks as the API exposes them, their dead letters, and Idempotency-Key records.

-- A sink filters by any number of action prefixes (empty = every event), not one.
ALTER TABLE sinks
  ADD COLUMN description text NULL,
  ADD COLUMN action_prefixes text[] NOT NULL DEFAULT '{}',
  -- `whsec_v1_abcd…`: enough for a human to tell secrets apart, never enough to use one.
  ADD COLUMN secret_hint text NOT NULL DEFAULT '',
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE sinks SET action_prefixes = ARRAY[action_prefix] WHERE action_prefix IS NOT NULL;
ALTER TABLE sinks DROP COLUMN action_prefix;
CREATE INDEX sinks_tenant_id_idx ON sinks (tenant_id, id);

-- The per-event placeholder of 0003 was never written to: deliveries are batches, so a dead letter
-- is one failed delivery (a batch of event ids), retried as a whole.
DROP TABLE sink_deliveries;

CREATE TABLE sink_dead_letters (
  -- The delivery id (`dlv_…`), also the BullMQ job id of the first delivery.
  id text PRIMARY KEY,
  sink_id text NOT NULL REFERENCES sinks (id) ON DELETE CASCADE,
  tenant_id text NOT NULL,
  event_ids uuid[] NOT NULL,
  -- Delivery attempts over every run (first delivery and each redelivery).
  attempts int NOT NULL,
  -- HTTP status of the last attempt, NULL when no response came back (timeout, refused, DNS).
  last_status int NULL,
  last_error text NOT NULL,
  status text NOT NULL CHECK (status IN ('dead', 'retrying', 'delivered')),
  redeliveries int NOT NULL DEFAULT 0,
  failed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sink_dead_letters_sink_idx ON sink_dead_letters (sink_id, id DESC);

-- Idempotency-Key on creating POSTs: the key maps to the resource it created, so a retry answers
-- with that resource. The request hash makes reusing a key for a different body a 409.
CREATE TABLE idempotency_keys (
  tenant_id text NOT NULL,
  operation text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  resource_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, operation, key)
);
