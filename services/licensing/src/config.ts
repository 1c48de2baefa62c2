import { env, parseConfig } from '@bulwark/core';

/** Parsed once at start-up; nothing else reads process.env. */
export function loadConfig(source: Record<string, string | undefined> = process.env) {
  return parseConfig(
    {
      port: env.port('LICENSING_PORT', { default: 4003 }),
      host: env.string('LICENSING_HOST', { default: '0.0.0.0' }),
      databaseUrl: env.url('DATABASE_URL', {
        default: 'postgres://postgres@127.0.0.1:5432/bulwark_licensing',
        protocols: ['postgres:', 'postgresql:'],
      }),
      redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
      redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
      issuer: env.url('BULWARK_ISSUER', { default: 'http://127.0.0.1:4001' }),
      authUrl: env.url('AUTH_URL', { default: 'http://127.0.0.1:4001' }),
      audience: env.string('BULWARK_AUDIENCE', { default: 'bulwark' }),
      kek: env.optionalString('BULWARK_KEK'),
      kekFile: env.string('BULWARK_KEK_FILE', { default: '.bulwark/licensing.kek' }),
      // 0 turns the sweep off (dead machines are then freed only lazily, on activation or heartbeat).
      reaperIntervalSeconds: env.int('LICENSING_REAPER_INTERVAL_SECONDS', {
        default: 60,
        min: 0,
        max: 86_400,
      }),
      // Requests per minute per license key on the public routes; 0 turns the per-key limit off.
      keyRateLimitPerMinute: env.int('LICENSING_KEY_RATE_LIMIT_PER_MINUTE', {
        default: 120,
        min: 0,
        max: 1_000_000,
      }),
    },
    source,
  );
}

export type LicensingConfig = ReturnType<typeof loadConfig>;
