import { env, parseConfig } from '@bulwark/core';

/** Parsed once at start-up; nothing else reads process.env. */
export function loadConfig(source: Record<string, string | undefined> = process.env) {
  return parseConfig(
    {
      port: env.port('FLAGS_PORT', { default: 4004 }),
      host: env.string('FLAGS_HOST', { default: '0.0.0.0' }),
      databaseUrl: env.url('DATABASE_URL', {
        default: 'postgres://postgres@127.0.0.1:5432/bulwark_flags',
        protocols: ['postgres:', 'postgresql:'],
      }),
      redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
      redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
      issuer: env.url('BULWARK_ISSUER', { default: 'http://127.0.0.1:4001' }),
      authUrl: env.url('AUTH_URL', { default: 'http://127.0.0.1:4001' }),
      audience: env.string('BULWARK_AUDIENCE', { default: 'bulwark' }),
      licensingUrl: env.url('LICENSING_URL', { default: 'http://127.0.0.1:4003' }),
      billingUrl: env.url('BILLING_URL', { default: 'http://127.0.0.1:4002' }),
      kek: env.optionalString('BULWARK_KEK'),
      kekFile: env.string('BULWARK_KEK_FILE', { default: '.bulwark/flags.kek' }),
      refreshMs: env.int('FLAGS_REFRESH_MS', { default: 5_000, min: 100, max: 60_000 }),
      // POST /v1/evaluate flood protection per client IP (README "Evaluation": raise it for a big NAT).
      evaluateLimitPerMinute: env.int('FLAGS_EVALUATE_LIMIT_PER_MINUTE', {
        default: 60_000,
        min: 1,
        max: 1_000_000_000,
      }),
      enrichmentTtlMs: env.int('FLAGS_ENRICHMENT_TTL_MS', { default: 30_000, min: 0, max: 3_600_000 }),
      environment: env.string('FLAGS_UNLEASH_ENVIRONMENT', { default: 'development' }),
      unleashAdminTenants: env.list('FLAGS_UNLEASH_ADMIN_TENANTS', { default: [] }),
      eventPollMs: env.int('FLAGS_EVENT_POLL_MS', { default: 2_000, min: 100, max: 600_000 }),
      intentGraceMs: env.int('FLAGS_INTENT_GRACE_MS', { default: 30_000, min: 0, max: 3_600_000 }),
      auditFallbackTenant: env.string('FLAGS_AUDIT_FALLBACK_TENANT', { default: 'system' }),
    },
    source,
  );
}

export type FlagsConfig = ReturnType<typeof loadConfig>;
