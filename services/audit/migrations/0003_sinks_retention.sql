-- Per-tenant webhook sinks. The HMAC secret is encrypted under the KEK (it must be recoverable to sign).
CREATE TABLE sinks (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  url text NOT NULL,
  secret_enc text NOT NULL,
  action_prefix text NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sinks_tenant_idx ON sinks (tenant_id);

-- Dead letters: deliveries that exhausted their retries.
CREATE TABLE sink_deliveries (
  id bigserial PRIMARY KEY,
  sink_id text NOT NULL,
  tenant_id text NOT NULL,
  event_id uuid NOT NULL,
  attempts int NOT NULL,
  last_error text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sink_id, event_id)
);
CREATE INDEX sink_deliveries_tenant_idx ON sink_deliveries (tenant_id, failed_at DESC);

CREATE TABLE retention (
  tenant_id text PRIMARY KEY,
  days int NOT NULL CHECK (days > 0 AND days <= 36500),
  updated_at timestamptz NOT NULL DEFAULT now()
);
