-- Unleash keeps its own tables (and runs its own migrations) in this schema.
CREATE SCHEMA IF NOT EXISTS unleash;

-- Unleash API tokens we provisioned, sealed with the KEK (AES-256-GCM). One row per kind.
CREATE TABLE flags_sdk_tokens (
  kind       text        PRIMARY KEY CHECK (kind IN ('backend', 'frontend', 'admin')),
  sealed     bytea       NOT NULL,
  hint       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Bookkeeping of flags created through Bulwark's API: which tenant owns which Unleash flag.
CREATE TABLE flags_registry (
  tenant_id    text        NOT NULL,
  name         text        NOT NULL,
  unleash_name text        NOT NULL UNIQUE,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  archived_at  timestamptz,
  PRIMARY KEY (tenant_id, name)
);

-- How far the Unleash event store has been turned into audit events (single row).
CREATE TABLE flags_unleash_event_cursor (
  id            integer     PRIMARY KEY CHECK (id = 1),
  last_event_id bigint      NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
