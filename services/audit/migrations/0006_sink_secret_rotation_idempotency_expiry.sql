-- Sink secret rotation: during an overlap window deliveries are signed with the new and the
-- previous secret. The previous secret is sealed exactly like the current one (KEK, sink id as AAD).
ALTER TABLE sinks
  ADD COLUMN previous_secret_enc text NULL,
  ADD COLUMN previous_secret_hint text NULL,
  ADD COLUMN previous_secret_expires_at timestamptz NULL,
  -- Last rotation; an Idempotency-Key replay of the create no longer answers with a secret after it.
  ADD COLUMN secret_rotated_at timestamptz NULL,
  ADD CONSTRAINT sinks_previous_secret_complete CHECK (
    (previous_secret_enc IS NULL) = (previous_secret_expires_at IS NULL)
    AND (previous_secret_enc IS NULL) = (previous_secret_hint IS NULL)
  );

-- Idempotency-Key expiry: each key records when it stops counting (the service's TTL at claim
-- time); an expired key is claimed as new, and a periodic sweep deletes expired rows.
ALTER TABLE idempotency_keys ADD COLUMN expires_at timestamptz NULL;
UPDATE idempotency_keys SET expires_at = created_at + interval '24 hours';
ALTER TABLE idempotency_keys ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
