-- Agents created without a max_token_ttl may issue 1 h tokens, so the seed call
-- `generateScopedToken(user, { scope, ttl: 3600 })` works as written. The service passes the value
-- explicitly (AUTH_AGENT_DEFAULT_MAX_TTL); this default only keeps direct inserts consistent.
ALTER TABLE agents ALTER COLUMN max_token_ttl SET DEFAULT 3600;
