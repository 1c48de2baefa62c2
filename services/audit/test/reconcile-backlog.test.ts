import { openQueue } from '@bulwark/queue';
import { describe, expect, it } from 'vitest';
import { manyEvents } from './support/events.js';
import { emitLost, useReconcilerFixture } from './support/reconciler-fixture.js';

// No worker here: what the reconciler enqueues stays in the queue, where the test counts it.
const fixture = useReconcilerFixture();
const { service, redis } = fixture;

describe('reconciler under a queue backlog', () => {
  it('leaves rows dispatched after the oldest waiting job to the worker, and takes them once the backlog is gone', async () => {
    const old = manyEvents(['ten_b1'], 12); // dispatched 20 min ago
    const recent = manyEvents(['ten_b2'], 8); // dispatched 5 min ago
    await emitLost(service.pool, old, 1200);
    await emitLost(service.pool, recent, 300);
    const queue = openQueue('audit', { connection: fixture.connection, prefix: redis.prefix });
    try {
      // A job waiting since 10 minutes ago: the worker lags; rows dispatched after it may be queued.
      await queue.add('audit', { backlog: true }, { jobId: 'backlog-job', timestamp: Date.now() - 600_000 });

      const held = await fixture.reconciler.runOnce();
      expect(held.heldBackFrom).toBeDefined();
      expect(held.sources[0]).toMatchObject({ status: 'ok', scanned: 12, missing: 12, reenqueued: 12 });
      expect((await queue.getJobCounts('waiting')).waiting).toBe(1 + 12);

      // The backlog is worked off (here: the queue emptied); the held-back rows are compared now.
      await queue.drain();
      const after = await fixture.reconciler.runOnce();
      expect(after.heldBackFrom).toBeUndefined();
      expect(after.sources[0]).toMatchObject({ status: 'ok', scanned: 8, missing: 8, reenqueued: 8 });
      const waiting = await queue.getJobs(['wait'], 0, -1);
      expect(waiting.map((job) => job.id).sort()).toEqual(recent.map((event) => event.id).sort());
    } finally {
      await queue.close();
    }
  });

  it('counts a missing row it cannot re-enqueue (invalid payload) and still re-enqueues the valid ones', async () => {
    const valid = manyEvents(['ten_b3'], 3);
    await emitLost(service.pool, valid, 240); // after the watermark the first test left
    // Written past emitAuditEvents' validation (an older producer, a hand-made row).
    const bad = await service.pool.query<{ id: string }>(
      `INSERT INTO outbox (id, topic, payload, dispatched_at)
       VALUES (gen_random_uuid(), 'audit', '{"action": "nope"}', now() - interval '4 minutes') RETURNING id::text AS id`,
    );
    const report = await fixture.reconciler.runOnce();
    expect(report.sources[0]).toMatchObject({
      status: 'ok',
      scanned: 4,
      missing: 4,
      reenqueued: 3,
      invalid: 1,
    });
    const queue = openQueue('audit', { connection: fixture.connection, prefix: redis.prefix });
    try {
      for (const event of valid) expect(await queue.getJob(event.id)).toBeDefined();
      expect(await queue.getJob(bad.rows[0]?.id as string)).toBeUndefined();
    } finally {
      await queue.close();
    }
  });
});
