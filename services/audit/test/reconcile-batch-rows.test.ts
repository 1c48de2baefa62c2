import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents, openQueue, outboxMigrations, redisConnection, silentLog } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { storeEventBatch } from '../src/domain/chain/store-events.js';
import { sourceKeyOf } from '../src/reconcile/reconcile-sources.js';
import { createReconciler, type Reconciler } from '../src/reconcile/reconciler.js';
import { manyEvents } from './support/events.js';

// No worker here: what the reconciler enqueues stays in the queue, where the test reads it.
const store = useTestDatabase(migrationSources, { poolMax: 2 });
const service = useTestDatabase([outboxMigrations], { poolMax: 2 });
const redis = useRedisPrefix();
let connection: Redis;
let reconciler: Reconciler;

beforeAll(() => {
  connection = redisConnection(redis.url);
  reconciler = createReconciler({
    store: store.pool,
    storeKey: sourceKeyOf(store.url),
    sources: [{ key: sourceKeyOf(service.url), url: service.url }],
    connection,
    redisPrefix: redis.prefix,
    graceMs: 60_000,
    windowMs: 86_400_000,
    maxRows: 100_000,
    // 4 rows a page, and at most 4 ids a store probe: a batch row of 8 spans several probes.
    pageSize: 4,
    log: silentLog,
  });
});
afterAll(async () => {
  await reconciler?.close();
  connection?.disconnect();
});

/** Payload rows (one per event), marked dispatched `agoSeconds` ago without reaching Redis. */
async function emitLost(pool: Pool, events: readonly AuditEvent[], agoSeconds: number): Promise<void> {
  await withTransaction(pool, (client) => emitAuditEvents(client, events));
  await pool.query(
    'UPDATE outbox SET dispatched_at = now() - make_interval(secs => $2) WHERE id = ANY($1::uuid[])',
    [events.map((event) => event.id), agoSeconds],
  );
}

/** One batch row (migration 0002) holding `items`, as auth's group commit writes it, dispatched `agoSeconds` ago. */
async function insertLostBatch(pool: Pool, items: readonly unknown[], agoSeconds: number): Promise<void> {
  await pool.query(
    `INSERT INTO outbox (id, topic, batch, dispatched_at)
     VALUES ($1::uuid, 'audit', $2::json, now() - make_interval(secs => $3))`,
    [randomUUID(), JSON.stringify(items), agoSeconds],
  );
}

const ids = (events: readonly AuditEvent[]) => events.map((event) => event.id).sort();

describe('reconciler and batch rows', () => {
  it('re-enqueues exactly the missing events of payload and batch rows sharing a page', async () => {
    const firstRows = manyEvents(['ten_br1'], 3);
    const firstBatch = manyEvents(['ten_br2'], 8);
    const secondRows = manyEvents(['ten_br1'], 3);
    const secondBatch = manyEvents(['ten_br2'], 5);
    // Pages of 4 rows, in dispatch order: [3 payload rows, batch of 8], [3 payload rows, batch of 5 + 1].
    await emitLost(service.pool, firstRows, 400);
    await insertLostBatch(service.pool, firstBatch, 390);
    await emitLost(service.pool, secondRows, 380);
    // An element without an id (a faulty writer): counted missing and invalid, never re-enqueued.
    await insertLostBatch(service.pool, [...secondBatch, { action: 'nope' }], 370);

    // Some events of every row reached the store; the rest were lost with Redis.
    const stored = [
      firstRows[1],
      ...firstBatch.slice(0, 3),
      firstBatch[6],
      secondRows[0],
      secondBatch[4],
    ].filter((event): event is AuditEvent => event !== undefined);
    await storeEventBatch(store.pool, new PartitionGuard(store.pool), stored);
    const storedIds = new Set(stored.map((event) => event.id));
    const missing = [...firstRows, ...firstBatch, ...secondRows, ...secondBatch].filter(
      (event) => !storedIds.has(event.id),
    );

    const report = await reconciler.runOnce();
    expect(report.sources[0]).toMatchObject({
      status: 'ok',
      scanned: 3 + 8 + 3 + 6, // events, not rows
      missing: missing.length + 1,
      reenqueued: missing.length,
      invalid: 1,
    });

    const queue = openQueue('audit', { connection, prefix: redis.prefix });
    try {
      const waiting = await queue.getJobs(['wait'], 0, -1);
      expect(waiting.map((job) => job.id).sort()).toEqual(ids(missing));
      // A batch element travels as the event it is.
      const fromBatch = firstBatch[7] as AuditEvent;
      expect((await queue.getJob(fromBatch.id))?.data).toEqual(fromBatch);

      // The watermark moved past both pages: nothing is compared again.
      const again = await reconciler.runOnce();
      expect(again.sources[0]).toMatchObject({ status: 'ok', scanned: 0, missing: 0 });
      expect((await queue.getJobCounts('waiting')).waiting).toBe(missing.length);
    } finally {
      await queue.close();
    }
  });
});
