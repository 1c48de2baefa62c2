import { env, parseConfig } from '@bulwark/core';

/** Billing's environment, parsed once at start-up. */
export function loadConfig(source: Record<string, string | undefined> = process.env) {
  return parseConfig(
    {
      port: env.port('BILLING_PORT', { default: 4002 }),
      host: env.string('BILLING_HOST', { default: '127.0.0.1' }),
      databaseUrl: env.url('DATABASE_URL', {
        default: 'postgres://postgres@127.0.0.1:5432/bulwark_billing',
        protocols: ['postgres:', 'postgresql:'],
      }),
      redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
      redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
      issuer: env.url('BULWARK_ISSUER', { default: 'http://127.0.0.1:4001' }),
      authUrl: env.url('AUTH_URL', { default: 'http://127.0.0.1:4001' }),
      audience: env.string('BULWARK_AUDIENCE', { default: 'bulwark' }),
      /** Auth API key (`auth:admin`, plus `tenants:admin` on the root tenant) for budget suspensions; unset → disabled. */
      authApiKey: env.optionalString('BILLING_AUTH_API_KEY'),
      /** Unset → the local Stripe emulator. */
      stripeSecretKey: env.optionalString('STRIPE_SECRET_KEY'),
      stripeEmulatorUrl: env.url('STRIPE_EMULATOR_URL', {
        default: 'http://127.0.0.1:12111',
        protocols: ['http:'],
      }),
      stripeWebhookSecret: env.string('STRIPE_WEBHOOK_SECRET', {
        default: 'whsec_bulwark_dev_emulator',
        secret: true,
      }),
      syncWindowSeconds: env.int('BILLING_SYNC_WINDOW_SECONDS', { default: 3600, min: 60, max: 86_400 }),
      syncGraceSeconds: env.int('BILLING_SYNC_GRACE_SECONDS', { default: 300, min: 0, max: 86_400 }),
      syncIntervalMs: env.int('BILLING_SYNC_INTERVAL_MS', { default: 10_000, min: 100 }),
      stripeRatePerSecond: env.int('BILLING_STRIPE_RATE_PER_SECOND', { default: 0, min: 0 }),
    },
    source,
    [
      (c) =>
        c.stripeSecretKey && !/^(sk|rk)_(test|live)_/.test(c.stripeSecretKey)
          ? 'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_test_…, sk_live_…).'
          : undefined,
      (c) =>
        c.authApiKey && !c.authApiKey.startsWith('bwk_')
          ? 'BILLING_AUTH_API_KEY must be a Bulwark API key (bwk_…) with auth:admin.'
          : undefined,
      (c) =>
        86_400 % c.syncWindowSeconds === 0 ? undefined : 'BILLING_SYNC_WINDOW_SECONDS must divide a day.',
    ],
  );
}

export type BillingConfig = ReturnType<typeof loadConfig>;
