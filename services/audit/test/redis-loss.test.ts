import type { ChildProcess } from 'node:child_process';
import { createPool } from '@bulwark/db';
import { type OutboxRelay, openQueue, redisConnection, startOutboxRelay } from '@bulwark/queue';
import { uniqueRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { manyEvents } from './support/events.js';
import { dispatchedCount, emitThroughOutbox } from './support/outbox-load.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-redis.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

const db = useTestDatabase(migrationSources, { poolMax: 3 });
// A redis-server of this file's own: the fault is killing it, which must not touch the shared one.
let redis: PrivateRedis;
const prefix = uniqueRedisPrefix();
const children: ChildProcess[] = [];
let relayPool: Pool | undefined;
let relayConnection: Redis | undefined;
let relay: OutboxRelay | undefined;

beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await relay?.stop();
  await relayPool?.end();
  relayConnection?.disconnect();
  await Promise.all(children.map((child) => stopWorker(child)));
  await redis?.close();
});

async function startWorker(): Promise<ChildProcess> {
  const { child, ready } = spawnWorker({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    BULWARK_KEK: Kek.generateEncoded(),
    AUDIT_BATCH_SIZE: '100',
    AUDIT_LOCK_DURATION_MS: '3000',
    AUDIT_STALLED_INTERVAL_MS: '1000',
    AUDIT_FETCHERS: '2',
  });
  children.push(child);
  await ready;
  return child;
}

describe('Redis restarted empty during a load', () => {
  it('the relay notices the loss and re-dispatches; every emitted event is stored once and every chain verifies', async () => {
    const workers = await Promise.all([startWorker(), startWorker()]);
    relayPool = createPool({ connectionString: db.url, max: 3, applicationName: 'bulwark-outbox-relay' });
    relayConnection = redisConnection(redis.url);
    relay = startOutboxRelay({
      pool: relayPool,
      connectionString: db.url,
      connection: relayConnection,
      prefix,
      batchSize: 200,
      pollIntervalMs: 100,
      enqueueTimeoutMs: 2000,
      maxBackoffMs: 1000,
    });

    const tenants = ['ten_r1', 'ten_r2', 'ten_r3'];
    const perTenant = 1000;
    const events = manyEvents(tenants, perTenant);
    const load = emitThroughOutbox(db.pool, events, { chunk: 100, pauseMs: 30 });

    await waitFor('the load to be under way', async () => (await storedCount(db.pool)) >= 300);
    const dispatchedAtKill = await dispatchedCount(db.pool);
    await redis.kill();
    const storedAtKill = await storedCount(db.pool);
    await redis.start(); // same port, empty
    expect(storedAtKill).toBeLessThan(events.length);

    await load; // every event is acknowledged (committed to the outbox) by now
    await waitFor('every event stored', async () => (await storedCount(db.pool)) === events.length, 120_000);

    // The relay saw the sentinel gone and put the recently dispatched rows back in line.
    expect(relay.stats.redisLosses).toBeGreaterThanOrEqual(1);
    expect(relay.stats.redispatched).toBeGreaterThan(0);
    expect(dispatchedAtKill).toBeGreaterThan(0);

    expect(await duplicateRows(db.pool)).toBe(0);
    const ids = await db.pool.query<{ id: string }>('SELECT id::text AS id FROM audit_events');
    expect(new Set(ids.rows.map((row) => row.id))).toEqual(new Set(events.map((event) => event.id)));
    for (const tenant of tenants) {
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: perTenant });
    }

    // The re-sent jobs drain from the new Redis without failures, and the workers survived.
    const connection = redisConnection(redis.url);
    const queue = openQueue('audit', { connection, prefix });
    try {
      await waitFor('the new queue to drain', async () => {
        const counts = await queue.getJobCounts('active', 'waiting', 'delayed');
        return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0) === 0;
      });
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    for (const worker of workers) expect(worker.exitCode).toBeNull();
  });
});
