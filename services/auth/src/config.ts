import { type ConfigOf, env, parseConfig } from '@bulwark/core';

/** Every environment variable auth reads, parsed once at start-up (CONVENTIONS §6). */
export const authConfigShape = {
  port: env.port('AUTH_PORT', { default: 4001 }),
  host: env.string('AUTH_HOST', { default: '127.0.0.1' }),
  databaseUrl: env.url('DATABASE_URL', {
    default: 'postgres://postgres@127.0.0.1:5432/bulwark_auth',
    protocols: ['postgres:', 'postgresql:'],
  }),
  redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
  redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
  issuer: env.url('BULWARK_ISSUER', { default: 'http://127.0.0.1:4001' }),
  audience: env.string('BULWARK_AUDIENCE', { default: 'bulwark' }),
  signingAlg: env.oneOf('AUTH_SIGNING_ALG', ['ES256', 'EdDSA', 'RS256'] as const, { default: 'ES256' }),
  kek: env.optionalString('BULWARK_KEK'),
  stateDir: env.optionalString('BULWARK_STATE_DIR'),
  bootstrapAdminKey: env.optionalString('BULWARK_BOOTSTRAP_ADMIN_KEY'),
  maxChainDepth: env.int('AUTH_MAX_CHAIN_DEPTH', { default: 3, min: 1, max: 10 }),
  userTokenTtl: env.int('AUTH_USER_TOKEN_TTL', { default: 900, min: 30, max: 86_400 }),
  maxTokenTtl: env.int('AUTH_MAX_TOKEN_TTL', { default: 86_400, min: 60, max: 30 * 86_400 }),
  /** `max_token_ttl` of an agent created without one (1 h: the seed call's `ttl: 3600` works as is). */
  agentDefaultMaxTtl: env.int('AUTH_AGENT_DEFAULT_MAX_TTL', { default: 3600, min: 30, max: 30 * 86_400 }),
  /** Lifetime of an agent token when the request names none (short-lived unless asked otherwise). */
  agentTokenDefaultTtl: env.int('AUTH_AGENT_TOKEN_DEFAULT_TTL', { default: 900, min: 30, max: 86_400 }),
  refreshTokenTtl: env.int('AUTH_REFRESH_TOKEN_TTL', { default: 30 * 86_400, min: 60 }),
  keyRotationDays: env.int('AUTH_KEY_ROTATION_DAYS', { default: 30, min: 1 }),
  keyPublishDelay: env.int('AUTH_KEY_PUBLISH_DELAY', { default: 60, min: 0, max: 86_400 }),
  tokenRateLimitPerClient: env.int('AUTH_TOKEN_RATE_LIMIT_CLIENT', { default: 600, min: 1 }),
  tokenRateLimitPerIp: env.int('AUTH_TOKEN_RATE_LIMIT_IP', { default: 1200, min: 1 }),
  /** service-kit's per-IP limit for every other route (requests per minute). */
  apiRateLimit: env.int('AUTH_API_RATE_LIMIT', { default: 600, min: 1 }),
  /** Introspection is the resource servers' hot path (few IPs, many calls): its own, higher limit. */
  introspectRateLimit: env.int('AUTH_INTROSPECT_RATE_LIMIT', { default: 60_000, min: 1 }),
  /**
   * How long an `Idempotency-Key` replays its first response (s; 24 h, like Stripe). Older keys are
   * ignored (the request runs again and replaces the stored response) and swept away.
   */
  idempotencyTtl: env.int('AUTH_IDEMPOTENCY_TTL', { default: 86_400, min: 60, max: 30 * 86_400 }),
  /**
   * Audit group commits running at once (`AuditGroupCommit`). Each takes every event queued when it
   * starts; with more than one, a batch need not wait for the previous batch's fsync before it is sent.
   */
  auditCommitsInFlight: env.int('AUTH_AUDIT_COMMITS_IN_FLIGHT', { default: 1, min: 1, max: 16 }),
  /**
   * Access tokens signed on a worker thread (keys/signing-thread.ts) instead of the event loop, which
   * the signature otherwise dominates under load. Off: signed inline, as before.
   */
  signingThread: env.bool('AUTH_SIGNING_THREAD', { default: true }),
  /**
   * Least time (ms) between two wake-ups of the outbox relay after group commits. Idle, the first
   * commit wakes it at once; under load it wakes at most this often and claims everything committed
   * since. Measured (bench/auth/README.md): 50 → 200 ms cut the relay's CPU per token by half and raised
   * issuance ~15 %; audit events then reach the queue up to this much later under load.
   */
  auditRelayWakeGapMs: env.int('AUTH_AUDIT_RELAY_WAKE_MS', { default: 200, min: 10, max: 5000 }),
  /** How long a replica trusts its signing-key snapshot; must stay below AUTH_KEY_PUBLISH_DELAY. */
  keyCacheSeconds: env.int('AUTH_KEY_CACHE_SECONDS', { default: 5, min: 1, max: 300 }),
  /** Heartbeat interval of `GET /v1/revocations/stream` (SSE comment lines keep proxies from idling out). */
  streamHeartbeatSeconds: env.int('AUTH_STREAM_HEARTBEAT_SECONDS', { default: 15, min: 1, max: 300 }),
  /**
   * Per-request "incoming request"/"request completed" lines on the hot OAuth endpoints
   * (`/oauth/token`, `/oauth/introspect`). Off, those routes log at warn and above only (errors and
   * refusals stay); at thousands of requests per second the info lines cost real CPU.
   */
  logRequests: env.bool('LOG_REQUESTS', { default: true }),
  logLevel: env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, {
    default: 'info',
  }),
};

export type AuthConfig = ConfigOf<typeof authConfigShape>;

export function loadAuthConfig(source: Record<string, string | undefined> = process.env): AuthConfig {
  return parseConfig(authConfigShape, source, [
    (c) =>
      c.kek !== undefined && Buffer.from(c.kek, 'base64').length !== 32
        ? 'BULWARK_KEK must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).'
        : undefined,
    (c) =>
      c.bootstrapAdminKey !== undefined && !/^bwk_v1_[A-Za-z0-9_-]{43}$/.test(c.bootstrapAdminKey)
        ? 'BULWARK_BOOTSTRAP_ADMIN_KEY must look like bwk_v1_<43 base64url characters>.'
        : undefined,
  ]);
}
