-- Tenants, users, agents (OAuth clients), API keys and the per-tenant scope catalog.
CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  is_root     boolean NOT NULL DEFAULT false,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Exactly one root tenant may exist; bootstrap relies on this to be race-free.
CREATE UNIQUE INDEX tenants_single_root ON tenants (is_root) WHERE is_root;

CREATE TABLE users (
  id           text PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email        text NOT NULL,
  name         text,
  external_id  text,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, lower(email));
CREATE UNIQUE INDEX users_tenant_external ON users (tenant_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE agents (
  id                 text PRIMARY KEY,              -- the OAuth client_id, agt_…
  tenant_id          text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name               text NOT NULL,
  owner_user_id      text REFERENCES users (id) ON DELETE SET NULL,
  auth_method        text NOT NULL CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt')),
  secret_hash        text,                          -- SHA-256 hex of a bws_v1_… secret
  secret_hint        text,
  jwks               jsonb,                         -- inline public JWKS for private_key_jwt
  jwks_uri           text,
  allowed_scopes     text[] NOT NULL DEFAULT '{}',
  allowed_audiences  text[] NOT NULL DEFAULT '{}',
  grant_types        text[] NOT NULL DEFAULT '{client_credentials}',
  max_token_ttl      integer NOT NULL DEFAULT 900 CHECK (max_token_ttl > 0),
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (auth_method = 'private_key_jwt' OR secret_hash IS NOT NULL),
  CHECK (auth_method <> 'private_key_jwt' OR jwks IS NOT NULL OR jwks_uri IS NOT NULL)
);
CREATE INDEX agents_tenant ON agents (tenant_id, id);

CREATE TABLE api_keys (
  id          text PRIMARY KEY,                     -- key_…
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL,
  key_hash    text NOT NULL UNIQUE,                 -- SHA-256 hex of the bwk_v1_… key
  key_hint    text NOT NULL,
  scopes      text[] NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE scopes (
  id           text PRIMARY KEY,                    -- scp_…
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  resource     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE trusted_issuers (
  id             text PRIMARY KEY,                  -- iss_…
  tenant_id      text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  issuer         text NOT NULL,
  jwks_uri       text NOT NULL,
  audience       text NOT NULL,
  subject_claim  text NOT NULL DEFAULT 'sub' CHECK (subject_claim IN ('sub', 'email')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, issuer)
);

-- Create-POST replay store for `Idempotency-Key` (DESIGN §6).
CREATE TABLE idempotency_keys (
  tenant_id     text NOT NULL,
  key           text NOT NULL,
  route         text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, route, key)
);
