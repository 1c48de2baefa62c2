import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@bulwark/core';
import { openQueue } from '@bulwark/queue';
import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { PartitionGuard } from '../src/db/partitions.js';
import { storeEventBatch } from '../src/domain/chain/store-events.js';
import { manyEvents } from './support/events.js';
import { emitLost, useReconcilerFixture } from './support/reconciler-fixture.js';

// No worker here: what the reconciler enqueues stays in the queue, where the test reads it.
// 4 rows a page, and at most 4 ids a store probe: a batch row of 8 spans several probes.
const fixture = useReconcilerFixture({ pageSize: 4 });
const { store, service, redis } = fixture;

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

    const report = await fixture.reconciler.runOnce();
    expect(report.sources[0]).toMatchObject({
      status: 'ok',
      scanned: 3 + 8 + 3 + 6, // events, not rows
      missing: missing.length + 1,
      reenqueued: missing.length,
      invalid: 1,
    });

    const queue = openQueue('audit', { connection: fixture.connection, prefix: redis.prefix });
    try {
      const waiting = await queue.getJobs(['wait'], 0, -1);
      expect(waiting.map((job) => job.id).sort()).toEqual(ids(missing));
      // A batch element travels as the event it is.
      const fromBatch = firstBatch[7] as AuditEvent;
      expect((await queue.getJob(fromBatch.id))?.data).toEqual(fromBatch);

      // The watermark moved past both pages: nothing is compared again.
      const again = await fixture.reconciler.runOnce();
      expect(again.sources[0]).toMatchObject({ status: 'ok', scanned: 0, missing: 0 });
      expect((await queue.getJobCounts('waiting')).waiting).toBe(missing.length);
    } finally {
      await queue.close();
    }
  });
});
