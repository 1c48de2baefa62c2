-- The head of each tenant's hash chain. The worker locks a tenant's row FOR UPDATE inside the batch
-- transaction (tenants in sorted order, so concurrent workers never deadlock), which serialises
-- chain extension per tenant while different tenants proceed in parallel.
CREATE TABLE chain_heads (
  tenant_id text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Ed25519 keys that sign checkpoints. The private key is AES-256-GCM encrypted under the KEK.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  public_key text NOT NULL,
  private_key_enc text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz NULL
);

-- Signed statements "tenant T's chain had head (seq, hash) at created_at", kept apart from events
-- so that rewriting audit_events cannot also rewrite the evidence against it.
CREATE TABLE checkpoints (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  kind text NOT NULL DEFAULT 'periodic' CHECK (kind IN ('periodic', 'retention')),
  signature text NOT NULL,
  kid text NOT NULL REFERENCES signing_keys (kid),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkpoints_tenant_seq_idx ON checkpoints (tenant_id, seq);

CREATE FUNCTION checkpoints_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'checkpoints are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION checkpoints_reject_change();
