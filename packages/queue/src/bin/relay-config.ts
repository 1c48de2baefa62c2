import { env, parseConfig } from '@bulwark/core';

/** The standalone relay's environment, parsed once at start-up. */
export function readRelayConfig(source: Record<string, string | undefined> = process.env) {
  return parseConfig(
    {
      databaseUrl: env.url('DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }),
      redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
      redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
      batchSize: env.int('OUTBOX_BATCH_SIZE', { default: 1000, min: 1, max: 10_000 }),
      pollIntervalMs: env.int('OUTBOX_POLL_INTERVAL_MS', { default: 1000, min: 10 }),
      /** Test-only: pause after enqueue and before marking rows dispatched, so a test can SIGKILL there. */
      crashAfterEnqueue: env.bool('BULWARK_RELAY_CRASH_AFTER_ENQUEUE', { default: false }),
    },
    source,
  );
}

export type RelayConfig = ReturnType<typeof readRelayConfig>;
