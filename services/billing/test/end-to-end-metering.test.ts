import { randomBytes } from 'node:crypto';
import {
  Kek,
  loadConfig as loadAuditConfig,
  migrationSources as auditMigrations,
  startPipeline,
} from '@bulwark/audit';
import type { Pipeline } from '@bulwark/audit';
import type { AuditEvent } from '@bulwark/core';
import { createProducer, openQueue, type Producer, redisConnection } from '@bulwark/queue';
import type { StartedStripeEmulator } from '@bulwark/stripe-emulator';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { createCustomer } from '../src/domain/customers.js';
import { startMeteringConsumer } from '../src/metering/metering-consumer.js';
import type { StripeGateway } from '../src/stripe/stripe-gateway.js';
import { RateGate } from '../src/sync/rate-gate.js';
import { syncUntilSettled } from '../src/sync/run-sync.js';
import { gatewayFor, HOUR, seedTenant, startEmulator, stripeTotal } from './harness.js';
import { agentActionEvent } from './support/audit-events.js';

// Each service keeps its own database, as in production; both share one Redis prefix (the queues).
const auditDb = useTestDatabase(auditMigrations, { poolMax: 4 });
const billingDb = useTestDatabase(BILLING_MIGRATION_SOURCES);
const redis = useRedisPrefix();

const POLL = { timeout: 30_000, interval: 100 } as const;

describe('agent actions: audit queue → audit worker → metering → ledger → Stripe', () => {
  let emulator: StartedStripeEmulator;
  let stripe: StripeGateway;
  let connection: Redis;
  let pipeline: Pipeline;
  let consumer: Worker;
  let audit: Producer<'audit'>;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = gatewayFor(emulator, 5000);
    connection = redisConnection(redis.url);
    const config = loadAuditConfig({
      DATABASE_URL: auditDb.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      BULWARK_KEK: randomBytes(32).toString('base64url'),
      AUDIT_WEBHOOKS: 'off',
      AUDIT_BATCH_SIZE: '100',
      AUDIT_BATCH_WAIT_MS: '20',
    });
    pipeline = startPipeline(config, auditDb.pool, Kek.parse(config.kek ?? ''), () => undefined);
    consumer = startMeteringConsumer({ pool: billingDb.pool, connection, prefix: redis.prefix });
    audit = createProducer('audit', { connection, prefix: redis.prefix });
  });
  afterAll(async () => {
    await pipeline?.close();
    await consumer?.close();
    await audit?.close();
    connection?.disconnect();
    await emulator?.close();
  });

  const auditCounts = async () => {
    const { rows } = await auditDb.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'agent.action.%'`,
    );
    return rows[0]?.n ?? 0;
  };
  const ledgerByCustomer = async () => {
    const { rows } = await billingDb.pool.query<{
      customer_id: string | null;
      events: number;
      units: number;
    }>(
      `SELECT customer_id, count(*)::int AS events, sum(units)::int AS units
       FROM usage_events GROUP BY customer_id ORDER BY customer_id`,
    );
    return rows;
  };
  /** Waits until nothing is pending, then counts the items the completed jobs carried (an envelope counts its items). */
  const settleQueue = async (name: 'audit' | 'metering', expectedItems: number) => {
    const queue = openQueue(name, { connection, prefix: redis.prefix });
    const completedItems = async () =>
      (await queue.getJobs(['completed'], 0, -1)).reduce(
        (sum, job) =>
          sum + (job.name.endsWith('.batch') ? (job.data as { items: unknown[] }).items.length : 1),
        0,
      );
    try {
      await expect
        .poll(async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
          return {
            completed: await completedItems(),
            pending: (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0),
          };
        }, POLL)
        .toEqual({ completed: expectedItems, pending: 0 });
      expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
    } finally {
      await queue.close();
    }
  };

  it('bills every agent action exactly once, with duplicates injected at the audit queue', async () => {
    // Tenant A bills itself; tenant B bills one end customer (bob) and itself for everyone else.
    const a = await seedTenant(billingDb.pool, stripe, 'ten_e2e_a');
    const b = await seedTenant(billingDb.pool, stripe, 'ten_e2e_b');
    const bob = await createCustomer(
      { db: billingDb.pool, stripe },
      { tenantId: b.tenantId, subjectId: 'usr_bob', name: 'Bob' },
    );
    // Spread over three closed hourly windows, so sync sends one meter event per (customer, window).
    const base = Math.floor(Date.now() / (HOUR * 1000)) * HOUR * 1000 - 4 * HOUR * 1000;
    const at = (i: number) => new Date(base + (i % 3) * HOUR * 1000 + i * 7);
    const events: AuditEvent[] = [
      ...Array.from({ length: 120 }, (_, i) =>
        agentActionEvent(a.tenantId, at(i), { agent: 'agt_a', user: 'usr_alice' }),
      ),
      ...Array.from({ length: 45 }, (_, i) =>
        agentActionEvent(b.tenantId, at(i), { agent: 'agt_b', user: 'usr_bob' }),
      ),
      ...Array.from({ length: 35 }, (_, i) =>
        agentActionEvent(b.tenantId, at(i + 1), { agent: 'agt_b', user: 'usr_carol' }),
      ),
    ];
    // Not billable (no units, not an agent action): stored by audit, never metered.
    const adminEvent = agentActionEvent(
      a.tenantId,
      at(1),
      { agent: 'agt_a', user: 'usr_alice' },
      {
        action: 'billing.budget.create',
        units: 0,
      },
    );

    // Wave 1: every event in envelopes (as the relay sends them), the same envelopes again (a relay
    // replay: BullMQ drops the job ids it holds), and 60 re-sends as plain jobs under other ids
    // (delivered again; the audit store must absorb them).
    const wave1 = [...events, adminEvent].map((event) => ({ id: event.id, payload: event }));
    await audit.addEnveloped(wave1);
    await audit.addEnveloped(wave1);
    await audit.addBulk(
      events.slice(100, 160).map((event) => ({ payload: event, jobId: `${event.id}-resent` })),
    );
    await settleQueue('audit', events.length + 1 + 60);
    // The worker forwards every billable event of a committed batch, duplicates included (a crash
    // between COMMIT and the forward must not lose the charge): 200 + the 60 re-sent.
    await settleQueue('metering', events.length + 60);
    expect(await auditCounts()).toBe(events.length);

    // Wave 2: metering's job-id dedupe window has passed (simulated by dropping completed jobs), and
    // the audit queue sees the same events again: they are forwarded again, and only the ledger's
    // event-id key stands between them and a second charge.
    const metering = openQueue('metering', { connection, prefix: redis.prefix });
    await metering.clean(0, 1_000_000, 'completed');
    await metering.close();
    await audit.addBulk(
      events.slice(0, 50).map((event) => ({ payload: event, jobId: `${event.id}-after-expiry` })),
    );
    await settleQueue('audit', events.length + 1 + 60 + 50);
    await settleQueue('metering', 50);

    expect(await auditCounts()).toBe(events.length);
    expect(await ledgerByCustomer()).toEqual(
      [
        { customer_id: a.customer.id, events: 120, units: 120 },
        { customer_id: b.customer.id, events: 35, units: 35 },
        { customer_id: bob.id, events: 45, units: 45 },
      ].sort((x, y) => x.customer_id.localeCompare(y.customer_id)),
    );

    await syncUntilSettled(billingDb.pool, {
      gateway: stripe,
      gate: new RateGate(20),
      windowSeconds: HOUR,
      graceSeconds: 0,
    });
    const billed = {
      a: await stripeTotal(stripe, a.meter.stripe_meter_id as string, a.customer.stripe_customer_id),
      b: await stripeTotal(stripe, b.meter.stripe_meter_id as string, b.customer.stripe_customer_id),
      bob: await stripeTotal(stripe, b.meter.stripe_meter_id as string, bob.stripe_customer_id),
    };
    expect(billed).toEqual({ a: 120, b: 35, bob: 45 });
    expect(billed.a + billed.b + billed.bob).toBe(events.length);
    // One meter event per (customer, meter, window): three windows for each of the three customers.
    const sent = await billingDb.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_batches WHERE status = 'delivered'`,
    );
    expect(sent.rows[0]?.n).toBe(9);
  });
});
