-- Per-tenant ceiling on every token's lifetime (NULL: no tenant cap; the agent's max and
-- AUTH_MAX_TOKEN_TTL still apply).
ALTER TABLE tenants ADD COLUMN max_token_ttl integer CHECK (max_token_ttl > 0);

-- Idempotency keys expire (AUTH_IDEMPOTENCY_TTL, 24 h): the periodic sweep deletes by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
