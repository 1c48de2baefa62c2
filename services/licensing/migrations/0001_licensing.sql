-- Licensing model. Ids are the public prefixed ids (`prd_`, `pol_`, `lic_`, `mch_`), which wrap a
-- UUIDv7 and so sort by creation time; every tenant-owned row carries tenant_id.

CREATE TABLE signing_keys (
  kid             text        PRIMARY KEY,
  public_jwk      jsonb       NOT NULL,
  -- AES-256-GCM under the KEK: 12-byte iv || 16-byte tag || ciphertext of the PKCS#8 DER private key.
  private_key_enc bytea       NOT NULL,
  status          text        NOT NULL CHECK (status IN ('active', 'retired')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  retired_at      timestamptz
);
-- Exactly one key signs at a time; retired keys stay to keep verifying what they signed.
CREATE UNIQUE INDEX signing_keys_single_active ON signing_keys ((status)) WHERE status = 'active';

CREATE TABLE products (
  id          text        PRIMARY KEY,
  tenant_id   text        NOT NULL,
  name        text        NOT NULL,
  metadata    jsonb       NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_tenant_id ON products (tenant_id, id);

CREATE TABLE policies (
  id                         text        PRIMARY KEY,
  tenant_id                  text        NOT NULL,
  product_id                 text        NOT NULL REFERENCES products (id),
  name                       text        NOT NULL,
  duration_seconds           integer     CHECK (duration_seconds > 0),           -- null: perpetual
  max_machines               integer     CHECK (max_machines > 0),               -- null: unlimited
  machine_mode               text        NOT NULL CHECK (machine_mode IN ('floating', 'node_locked')),
  heartbeat_interval_seconds integer     CHECK (heartbeat_interval_seconds > 0), -- null: no heartbeat
  dead_machine_strategy      text        NOT NULL DEFAULT 'keep' CHECK (dead_machine_strategy IN ('keep', 'deactivate')),
  grace_period_seconds       integer     NOT NULL DEFAULT 0 CHECK (grace_period_seconds >= 0),
  overage_machines           integer     NOT NULL DEFAULT 0 CHECK (overage_machines >= 0),
  entitlements               text[]      NOT NULL DEFAULT '{}',
  offline_allowed            boolean     NOT NULL DEFAULT true,
  file_ttl_seconds           integer     NOT NULL DEFAULT 2592000 CHECK (file_ttl_seconds > 0),
  metadata                   jsonb       NOT NULL DEFAULT '{}',
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policies_tenant_id ON policies (tenant_id, id);

CREATE TABLE licenses (
  id              text        PRIMARY KEY,
  tenant_id       text        NOT NULL,
  product_id      text        NOT NULL REFERENCES products (id),
  policy_id       text        NOT NULL REFERENCES policies (id),
  -- The key is signed, not secret-by-randomness, but it is the credential for activation: we keep a
  -- SHA-256 for lookup and the key itself encrypted under the KEK (files are sealed with it).
  key_hash        text        NOT NULL UNIQUE,
  key_enc         bytea       NOT NULL,
  key_hint        text        NOT NULL,
  kid             text        NOT NULL REFERENCES signing_keys (kid),
  status          text        NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'expired')),
  owner_type      text        NOT NULL CHECK (owner_type IN ('tenant', 'user', 'customer')),
  owner_id        text        NOT NULL,
  expires_at      timestamptz,
  entitlements    text[]      NOT NULL DEFAULT '{}',
  metadata        jsonb       NOT NULL DEFAULT '{}',
  last_check_in_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licenses_tenant_id ON licenses (tenant_id, id);
CREATE INDEX licenses_owner ON licenses (tenant_id, owner_type, owner_id);

CREATE TABLE machines (
  id                text        PRIMARY KEY,
  tenant_id         text        NOT NULL,
  license_id        text        NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
  fingerprint       text        NOT NULL,
  name              text,
  platform          text,
  last_heartbeat_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (license_id, fingerprint)
);

-- The catalog of entitlement codes a tenant uses (filled as policies and licenses name them).
CREATE TABLE entitlements (
  tenant_id  text        NOT NULL,
  code       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

-- Replays of POSTs carrying an Idempotency-Key answer with the first response.
CREATE TABLE idempotency_keys (
  tenant_id     text        NOT NULL,
  key           text        NOT NULL,
  operation     text        NOT NULL,
  request_hash  text        NOT NULL,
  response_code integer,
  response_body jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
