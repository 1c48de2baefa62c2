import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StartedStripeEmulator } from '@bulwark/stripe-emulator';
import { useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { ingestUsage } from '../src/metering/ingest-usage.js';
import type { StripeGateway } from '../src/stripe/stripe-gateway.js';
import { RateGate } from '../src/sync/rate-gate.js';
import { runSyncOnce, syncUntilSettled } from '../src/sync/run-sync.js';
import { gatewayFor, HOUR, job, ledgerTotal, seedTenant, startEmulator, stripeTotal } from './harness.js';

const database = useTestDatabase(BILLING_MIGRATION_SOURCES);

describe('Stripe totals stay exact', () => {
  let emulator: StartedStripeEmulator;
  let stripe: StripeGateway;
  const syncOptions = () => ({
    gateway: stripe,
    gate: new RateGate(20),
    windowSeconds: HOUR,
    graceSeconds: 0,
  });

  beforeAll(async () => {
    emulator = await startEmulator({ timeoutFaultMs: 3000 });
    stripe = gatewayFor(emulator, 1000);
  });
  beforeEach(() => {
    emulator.ctx.faults.reset();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('absorbs duplicate metering jobs: the ledger and Stripe count each event once', async () => {
    const { tenantId, customer, meter } = await seedTenant(database.pool, stripe);
    const jobs = Array.from({ length: 30 }, (_, i) => job(tenantId, { units: (i % 4) + 1 }));
    expect(await ingestUsage(database.pool, jobs)).toBe(30);
    expect(await ingestUsage(database.pool, jobs.slice(0, 10))).toBe(0);
    expect(await ingestUsage(database.pool, [...jobs.slice(20), ...jobs.slice(20)].slice(0, 10))).toBe(0);
    await syncUntilSettled(database.pool, syncOptions());
    const expected = jobs.reduce((sum, j) => sum + j.units, 0);
    expect(await ledgerTotal(database.pool, customer.id)).toBe(expected);
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(
      expected,
    );
    // A second sync with nothing new sends nothing.
    const again = await runSyncOnce(database.pool, syncOptions());
    expect(again).toMatchObject({ planned: 0, delivered: 0 });
  });

  it('sends late events as a delta with a new identifier, never re-sending the window', async () => {
    const { tenantId, customer, meter } = await seedTenant(database.pool, stripe);
    await ingestUsage(database.pool, [job(tenantId, { units: 5 })]);
    await syncUntilSettled(database.pool, syncOptions());
    await ingestUsage(database.pool, [job(tenantId, { units: 7 })]);
    await syncUntilSettled(database.pool, syncOptions());
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(12);
    const { rows } = await database.pool.query(
      'SELECT seq, value FROM sync_batches WHERE customer_id = $1 ORDER BY seq',
      [customer.id],
    );
    expect(rows).toEqual([
      { seq: 1, value: '5' },
      { seq: 2, value: '7' },
    ]);
  });

  it('retries injected 500s, 429s and timeouts to completion without double counting', async () => {
    const { tenantId, customer, meter } = await seedTenant(database.pool, stripe);
    const hours = [2, 3, 4, 5, 6];
    const jobs = hours.flatMap((h) =>
      Array.from({ length: 3 }, () =>
        job(tenantId, { units: h, occurred_at: new Date(Date.now() - h * HOUR * 1000).toISOString() }),
      ),
    );
    await ingestUsage(database.pool, jobs);
    emulator.ctx.faults.add({ next: 2, kind: '500', path_prefix: '/v1/billing/meter_events' });
    emulator.ctx.faults.add({ next: 1, kind: '429', path_prefix: '/v1/billing/meter_events' });
    emulator.ctx.faults.add({ next: 2, kind: 'timeout', path_prefix: '/v1/billing/meter_events' });
    await syncUntilSettled(database.pool, { ...syncOptions(), ignoreBackoff: true });
    expect(emulator.ctx.faults.injected).toBe(5);
    const expected = jobs.reduce((sum, j) => sum + j.units, 0);
    expect(await ledgerTotal(database.pool, customer.id)).toBe(expected);
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(
      expected,
    );
  });

  it('survives SIGKILL between the Stripe call and the ledger commit', async () => {
    const { tenantId, customer, meter } = await seedTenant(database.pool, stripe);
    const jobs = [3, 4].flatMap((h) =>
      Array.from({ length: 4 }, (_, i) =>
        job(tenantId, { units: i + 1, occurred_at: new Date(Date.now() - h * HOUR * 1000).toISOString() }),
      ),
    );
    await ingestUsage(database.pool, jobs);

    const script = fileURLToPath(new URL('./fixtures/sync-and-crash.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, TEST_DATABASE_URL: database.url, EMULATOR_PORT: String(emulator.port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');

    // Stripe has the first window; our ledger still thinks it is pending.
    const state = await database.pool.query(
      `SELECT status FROM sync_batches WHERE customer_id = $1 ORDER BY window_start`,
      [customer.id],
    );
    expect(state.rows.map((row) => row.status)).toEqual(['pending', 'pending']);
    const firstWindow = jobs.slice(0, 4).reduce((sum, j) => sum + j.units, 0);
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(
      firstWindow,
    );

    const restarted = await runSyncOnce(database.pool, syncOptions());
    expect(restarted).toMatchObject({ duplicates: 1, delivered: 1 });
    const expected = jobs.reduce((sum, j) => sum + j.units, 0);
    expect(await ledgerTotal(database.pool, customer.id)).toBe(expected);
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(
      expected,
    );
  });

  it('switches to v2 meter event streams when many batches are pending', async () => {
    const { tenantId, customer, meter } = await seedTenant(database.pool, stripe);
    const jobs = Array.from({ length: 120 }, (_, i) =>
      job(tenantId, { units: 2, occurred_at: new Date(Date.now() - (i + 2) * HOUR * 1000).toISOString() }),
    );
    await ingestUsage(database.pool, jobs);
    const before = emulator.ctx.store.meterEvents.filter((event) => event.via === 'v2').length;
    await syncUntilSettled(database.pool, { ...syncOptions(), streamThreshold: 50 });
    const viaStream = emulator.ctx.store.meterEvents.filter((event) => event.via === 'v2').length - before;
    expect(viaStream).toBe(120);
    expect(await stripeTotal(stripe, meter.stripe_meter_id as string, customer.stripe_customer_id)).toBe(240);
  });
});
