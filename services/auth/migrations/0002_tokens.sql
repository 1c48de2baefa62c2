-- Signing keys, revocations, refresh tokens, client-assertion replay cache, delegations.
CREATE TABLE signing_keys (
  kid              text PRIMARY KEY,
  alg              text NOT NULL CHECK (alg IN ('ES256', 'EdDSA', 'RS256')),
  public_jwk       jsonb NOT NULL,
  private_key_enc  text NOT NULL,                   -- AES-256-GCM under BULWARK_KEK: v1.<iv>.<tag>.<ciphertext>
  status           text NOT NULL CHECK (status IN ('pending', 'active', 'retiring', 'retired')),
  not_before       timestamptz NOT NULL,            -- earliest moment it may sign (published first)
  activated_at     timestamptz,
  retiring_at      timestamptz,
  expires_at       timestamptz,                     -- last token it signed is dead by then
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX signing_keys_single_active ON signing_keys (status) WHERE status = 'active';

CREATE TABLE revoked_tokens (
  jti         text PRIMARY KEY,
  tenant_id   text NOT NULL,
  expires_at  timestamptz NOT NULL,
  reason      text,
  revoked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);

-- Tokens of `kind:subject` issued before `not_before` (epoch seconds) are dead.
CREATE TABLE revocation_epochs (
  kind        text NOT NULL CHECK (kind IN ('agent', 'user', 'tenant')),
  subject     text NOT NULL,
  tenant_id   text NOT NULL,
  not_before  bigint NOT NULL,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, subject)
);

CREATE TABLE delegations (
  id                text PRIMARY KEY,               -- dlg_…
  tenant_id         text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id           text NOT NULL,
  agent_id          text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  scopes            text[] NOT NULL,
  audiences         text[] NOT NULL DEFAULT '{}',
  expires_at        timestamptz NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_issued_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at        timestamptz
);
CREATE UNIQUE INDEX delegations_live ON delegations (tenant_id, user_id, agent_id) WHERE revoked_at IS NULL;

-- Access tokens minted under a delegation, so revoking the delegation kills them by jti.
CREATE TABLE delegation_tokens (
  jti            text PRIMARY KEY,
  delegation_id  text NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX delegation_tokens_delegation ON delegation_tokens (delegation_id);

CREATE TABLE refresh_tokens (
  id              text PRIMARY KEY,
  family_id       text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  tenant_id       text NOT NULL,
  delegation_id   text REFERENCES delegations (id) ON DELETE CASCADE,
  agent_id        text NOT NULL,
  subject         text NOT NULL,
  scopes          text[] NOT NULL,
  audiences       text[] NOT NULL DEFAULT '{}',
  act             jsonb,
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  rotated_at      timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- RFC 7523 §3 item 7: a client assertion's jti may be used once until it expires.
CREATE TABLE used_assertion_jtis (
  client_id   text NOT NULL,
  jti         text NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX used_assertion_jtis_expiry ON used_assertion_jtis (expires_at);
