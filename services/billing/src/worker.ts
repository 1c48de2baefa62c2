import { createPool, migrate } from '@bulwark/db';
import { redisConnection } from '@bulwark/queue';
import { suspenderFromConfig } from './auth/suspender-from-config.js';
import { loadConfig } from './config.js';
import { BILLING_MIGRATION_SOURCES } from './db/migration-sources.js';
import { startMeteringConsumer } from './metering/metering-consumer.js';
import { gatewayFromConfig } from './stripe/gateway-from-config.js';
import { defaultRatePerSecond, RateGate } from './sync/rate-gate.js';
import { runSyncOnce } from './sync/run-sync.js';

/**
 * Billing's background process: the `metering` queue consumer (batches into the ledger, idempotent
 * on event id) and the Stripe sync loop. Safe to run several: the ledger absorbs duplicates, sync
 * planning is advisory-locked, and a batch sent twice carries the same identifier.
 */
const config = loadConfig();
await migrate({ connectionString: config.databaseUrl, sources: BILLING_MIGRATION_SOURCES });
const pool = createPool({
  connectionString: config.databaseUrl,
  max: 5,
  applicationName: 'bulwark-billing-worker',
});
const { gateway, describe } = gatewayFromConfig(config);
console.log(`billing worker: Stripe calls go to ${describe}`);

const { suspend, notice } = suspenderFromConfig(config);
(suspend ? console.log : console.warn)(`billing worker: ${notice}`);

const connection = redisConnection(config.redisUrl);
const worker = startMeteringConsumer({
  pool,
  connection,
  prefix: config.redisPrefix,
  budgets: {
    suspend,
    onSuspendError: (error, target) =>
      console.warn(
        `billing worker: suspending agent ${target.agentId} (tenant ${target.tenantId}) failed, will retry: ${
          error instanceof Error ? error.message : String(error)
        }`,
      ),
  },
});

const gate = new RateGate(config.stripeRatePerSecond || defaultRatePerSecond(gateway.mode));
let stopping = false;
let busy = false;
let running: Promise<unknown> = Promise.resolve();
// One pass at a time per process (passes in several processes are safe, just wasteful).
const timer = setInterval(() => {
  if (stopping || busy) return;
  busy = true;
  running = runSyncOnce(pool, {
    gateway,
    gate,
    windowSeconds: config.syncWindowSeconds,
    graceSeconds: config.syncGraceSeconds,
  })
    .catch((error: unknown) => console.error('billing sync pass failed', error))
    .finally(() => {
      busy = false;
    });
}, config.syncIntervalMs);

async function shutdown(): Promise<void> {
  stopping = true;
  clearInterval(timer);
  await Promise.allSettled([running, worker.close()]);
  await pool.end();
  connection.disconnect();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
