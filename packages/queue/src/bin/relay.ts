import { createPool } from '@bulwark/db';
import { stderrLog } from '../outbox/log.js';
import { startOutboxRelay } from '../outbox/relay.js';
import { redisConnection } from '../redis-connection.js';
import { readRelayConfig } from './relay-config.js';

/**
 * Standalone outbox relay: `DATABASE_URL=… REDIS_URL=… REDIS_PREFIX=… tsx src/bin/relay.ts`.
 * Prints `relay:ready` on stdout once started, and stops cleanly on SIGTERM/SIGINT.
 */
const config = readRelayConfig();
const pool = createPool({
  connectionString: config.databaseUrl,
  max: 4,
  applicationName: 'bulwark-outbox-relay',
});
const redis = redisConnection(config.redisUrl);

const relay = startOutboxRelay({
  pool,
  connectionString: config.databaseUrl,
  connection: redis,
  prefix: config.redisPrefix,
  batchSize: config.batchSize,
  pollIntervalMs: config.pollIntervalMs,
  log: stderrLog,
  ...(config.crashAfterEnqueue && {
    hooks: {
      afterEnqueue: async (ids: readonly string[]) => {
        process.stdout.write(`relay:paused-after-enqueue ${ids.length}\n`);
        // Hold the transaction open forever: the test kills the process right here.
        await new Promise<never>(() => {});
      },
    },
  }),
});
process.stdout.write('relay:ready\n');

async function shutdown(signal: string): Promise<void> {
  stderrLog.info({ signal, ...relay.stats }, 'outbox relay stopping');
  await relay.stop();
  await pool.end();
  redis.disconnect();
  process.stdout.write(`relay:stopped ${JSON.stringify(relay.stats)}\n`);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        stderrLog.error({ err: String(error) }, 'outbox relay shutdown failed');
        process.exit(1);
      },
    );
  });
}
