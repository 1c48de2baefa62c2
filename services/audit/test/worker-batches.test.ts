import { createPool } from '@bulwark/db';
import { createProducer, envelopeJobId, openQueue, redisConnection } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { type AuditConsumer, startAuditConsumer } from '../src/pipeline/audit-consumer.js';
import { agentEvent, manyEvents } from './support/events.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';

const db = useTestDatabase(migrationSources, { poolMax: 4 });
const redis = useRedisPrefix();
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function startConsumer(pool: Pool): AuditConsumer {
  const connection = redisConnection(redis.url);
  const consumer = startAuditConsumer({
    pool,
    partitions: new PartitionGuard(pool),
    connection,
    redisPrefix: redis.prefix,
    batchSize: 250,
    batchWaitMs: 50,
    lockDurationMs: 5000,
    stalledIntervalMs: 2000,
  });
  cleanup.push(async () => {
    await consumer.close();
    connection.disconnect();
  });
  return consumer;
}

describe('audit worker', () => {
  it('three concurrent consumers store every event once, chains verify, billable events forwarded', async () => {
    const connection = redisConnection(redis.url);
    cleanup.push(async () => connection.disconnect());
    const producer = createProducer('audit', { connection, prefix: redis.prefix });
    cleanup.push(() => producer.close());
    const tenants = ['ten_w1', 'ten_w2', 'ten_w3'];
    const events = manyEvents(tenants, 1000);
    const poison = agentEvent('ten_w1', { target: { type: 'doc', id: 'bad\u0000byte' } });

    for (let i = 0; i < 3; i++) {
      const pool = createPool({ connectionString: db.url, max: 2 });
      cleanup.push(() => pool.end());
      startConsumer(pool);
    }
    // The relay's shape: envelopes of 250 (the poison event alone in the 13th).
    await producer.addEnveloped([...events, poison].map((event) => ({ id: event.id, payload: event })));
    // Plain one-event jobs still work, and a re-send after a Redis loss may come in other envelopes:
    // 500 events again under new job ids, which the store must absorb.
    await producer.addBulk(
      events.slice(0, 500).map((event) => ({ payload: event, jobId: `${event.id}-again` })),
    );

    const queue = openQueue('audit', { connection, prefix: redis.prefix });
    cleanup.push(() => queue.close());
    // The completed set is trimmed (catalog: 1,000 jobs / 1 h), so settle on what is left to do.
    await waitFor('all jobs settled', async () => {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'failed');
      return counts.active === 0 && counts.waiting === 0 && counts.delayed === 0 && counts.failed === 1;
    });
    expect(await storedCount(db.pool)).toBe(3000);
    expect(await duplicateRows(db.pool)).toBe(0);
    for (const tenant of tenants) {
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: 1000 });
    }
    const failed = await queue.getFailed();
    expect(failed.map((job) => job.id)).toEqual([envelopeJobId([poison.id])]);
    expect(failed[0]?.failedReason).toMatch(new RegExp(`Event ${poison.id} cannot be stored`));

    // Every stored event reached the metering queue (in envelopes); the re-sent 500 may ride
    // again, which billing's ledger (keyed by event id) absorbs.
    const metering = openQueue('metering', { connection, prefix: redis.prefix });
    cleanup.push(() => metering.close());
    const billed = (await metering.getJobs(['waiting'], 0, -1)).flatMap(
      (job) => (job.data as { items: { event_id: string; units: number; tenant_id: string }[] }).items,
    );
    expect(new Set(billed.map((item) => item.event_id)).size).toBe(3000);
    expect(billed.length).toBeLessThanOrEqual(3500);
    expect(billed.find((item) => item.event_id === events[0]?.id)).toMatchObject({
      units: 1,
      tenant_id: events[0]?.tenant_id,
    });
  });
});
