/**
 * Billing benchmarks (`npm run bench billing`). Prints two figures with their limits:
 *  1. ledger ingest rate (actions/s through `ingestUsage`, the metering consumer's write path) vs 20,000/s;
 *  2. Stripe calls needed for the actions vs customers × meters × windows (the most the sync may make).
 * Uses a throwaway database on the local PostgreSQL and an in-process Stripe emulator.
 */
import { randomUUID } from 'node:crypto';
import { createPool, migrate, quoteIdent, withClient } from '../../packages/db/src/index.js';
import { startStripeEmulator } from '../../packages/stripe-emulator/src/index.js';
import {
  BILLING_MIGRATION_SOURCES,
  createStripeGateway,
  ingestUsage,
  syncUntilSettled,
} from '../../services/billing/src/index.js';
import type { MeteringJob } from '../../services/billing/src/index.js';
import { createCustomer } from '../../services/billing/src/domain/customers.js';
import { createMeter } from '../../services/billing/src/domain/meters.js';
import { RateGate } from '../../services/billing/src/sync/rate-gate.js';

const ACTIONS = Number(process.env.BENCH_BILLING_ACTIONS ?? 200_000);
const CUSTOMERS = 10;
const METERS = 2;
const WINDOWS = 24;
const BATCH = 5_000;
const INGEST_TARGET = 20_000;

const server = process.env.DATABASE_URL_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bench_billing_${randomUUID().slice(0, 8)}`;
const url = new URL(server);
url.pathname = `/${dbName}`;

await migrate({ connectionString: url.toString(), sources: BILLING_MIGRATION_SOURCES });
const pool = createPool({ connectionString: url.toString(), max: 4 });
const emulator = await startStripeEmulator({ port: 0, rateLimitPerSecond: 100_000, meterEventLatencyMs: 0 });
const stripe = createStripeGateway({ secretKey: 'sk_test_bench', host: emulator.stripeOptions });

try {
  const tenants: string[] = [];
  for (let c = 0; c < CUSTOMERS; c++) {
    const tenantId = `ten_bench_${c}`;
    tenants.push(tenantId);
    await createCustomer({ db: pool, stripe }, { tenantId, subjectId: null, name: tenantId });
    for (let m = 0; m < METERS; m++) {
      await createMeter(
        { db: pool, stripe },
        {
          tenantId,
          name: `m${m}`,
          eventName: `bench_${c}_${m}`,
          actionPatterns: [`agent.action.m${m}.*`],
          aggregation: 'sum',
        },
      );
    }
  }
  const hourNow = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const makeJob = (i: number): MeteringJob => ({
    event_id: randomUUID(),
    tenant_id: tenants[i % CUSTOMERS] as string,
    occurred_at: new Date(
      hourNow - (1 + (Math.floor(i / (CUSTOMERS * METERS)) % WINDOWS)) * 3_600_000 + (i % 3_600) * 1000,
    ).toISOString(),
    action: `agent.action.m${Math.floor(i / CUSTOMERS) % METERS}.call`,
    units: 1 + (i % 3),
    actor: { type: 'agent', id: `agt_${i % 50}` },
    on_behalf_of: { type: 'user', id: `usr_${i % 500}` },
    delegation_chain: [{ sub: `agt_${i % 50}` }],
  });
  const batches: MeteringJob[][] = [];
  for (let i = 0; i < ACTIONS; i += BATCH)
    batches.push(Array.from({ length: Math.min(BATCH, ACTIONS - i) }, (_, k) => makeJob(i + k)));

  const started = process.hrtime.bigint();
  // Two writers, as the consumer's concurrency would give on this two-core machine.
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await ingestUsage(pool, batch);
    }
  };
  await Promise.all([writer(), writer()]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = ACTIONS / seconds;
  console.log(
    `billing ledger ingest: ${Math.round(rate).toLocaleString()} actions/s (${ACTIONS.toLocaleString()} in ${seconds.toFixed(2)} s); ` +
      `target ${INGEST_TARGET.toLocaleString()}/s → ratio ${(rate / INGEST_TARGET).toFixed(2)}x ${rate >= INGEST_TARGET ? 'OK' : 'BELOW TARGET'}`,
  );

  const before = emulator.ctx.store.meterEvents.length;
  await syncUntilSettled(pool, {
    gateway: stripe,
    gate: new RateGate(10_000),
    windowSeconds: 3600,
    graceSeconds: 0,
    streamThreshold: 1_000_000,
  });
  const calls = emulator.ctx.store.meterEvents.length - before;
  const bound = CUSTOMERS * METERS * WINDOWS;
  const perMillion = Math.round((calls * 1_000_000) / ACTIONS);
  console.log(
    `billing Stripe calls: ${calls} for ${ACTIONS.toLocaleString()} actions (${perMillion.toLocaleString()} per 1M at this volume); ` +
      `bound customers×meters×windows = ${CUSTOMERS}×${METERS}×${WINDOWS} = ${bound} → ratio ${(calls / bound).toFixed(2)} ${calls <= bound ? 'OK' : 'OVER BOUND'}`,
  );
} finally {
  await pool.end();
  await emulator.close();
  await withClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`),
  );
}
