import type { AuditEvent } from '@bulwark/core';
import { createProducer, openQueue, redisConnection, silentLog } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { storeEventBatch } from '../src/domain/chain/store-events.js';
import { forwardBillable } from '../src/pipeline/forward-billable.js';
import { type Reforwarder, startRedisLossReforward } from '../src/pipeline/reforward-after-redis-loss.js';
import { agentEvent, manyEvents } from './support/events.js';
import { waitFor } from './support/wait-for.js';

const db = useTestDatabase(migrationSources, { poolMax: 4 });
const redis = useRedisPrefix();
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** "Redis restarted empty", confined to this file's prefix. */
async function loseRedisContents(connection: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${redis.prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await connection.del(...keys);
  } while (cursor !== '0');
}

async function meteredIds(connection: Redis): Promise<string[]> {
  const queue = openQueue('metering', { connection, prefix: redis.prefix });
  try {
    const jobs = await queue.getJobs(['waiting'], 0, -1);
    return jobs.flatMap((job) =>
      (job.data as { items: { event_id: string }[] }).items.map((i) => i.event_id),
    );
  } finally {
    await queue.close();
  }
}

describe('forwards after a Redis loss', () => {
  it('forwards every billable event stored within the window again, and sinks get their events again', async () => {
    const connection = redisConnection(redis.url);
    cleanup.push(async () => connection.disconnect());
    const metering = createProducer('metering', { connection, prefix: redis.prefix });
    cleanup.push(() => metering.close());

    const billable = manyEvents(['ten_f1', 'ten_f2'], 600);
    const admin = agentEvent('ten_f1', { action: 'audit.sink.create', units: 0 });
    await storeEventBatch(db.pool, new PartitionGuard(db.pool), [...billable, admin]);

    const fannedOut: AuditEvent[] = [];
    const reforward: Reforwarder = startRedisLossReforward({
      pool: db.pool,
      connection,
      redisPrefix: redis.prefix,
      windowMs: { metering: 3_600_000, webhooks: 3_600_000 },
      checkIntervalMs: 100,
      forward: {
        metering: (events) => forwardBillable(metering, events),
        webhooks: async (events) => {
          fannedOut.push(...events);
        },
      },
      log: silentLog,
      pageSize: 500, // several pages
    });
    cleanup.push(() => reforward.stop());
    await reforward.checkNow();
    // No sentinel yet: the first worker to set it cannot know what the old Redis held, so it replays.
    const afterStart = reforward.stats.losses;
    expect(afterStart).toBe(2);

    await loseRedisContents(connection);
    expect(await meteredIds(connection)).toEqual([]);
    fannedOut.length = 0;

    await waitFor('the loss to be replayed', async () => reforward.stats.losses === afterStart + 2);
    await reforward.checkNow();
    const ids = await meteredIds(connection);
    expect(new Set(ids)).toEqual(new Set(billable.map((event) => event.id)));
    expect(ids).toHaveLength(billable.length); // the admin event is not billable; each page once
    expect(new Set(fannedOut.map((event) => event.id)).size).toBe(billable.length + 1);

    // Nothing lost since: no further replay.
    const replayed = { ...reforward.stats.replayed };
    await reforward.checkNow();
    expect(reforward.stats.replayed).toEqual(replayed);
  });

  it('replays only what was stored within the window', async () => {
    const connection = redisConnection(redis.url);
    cleanup.push(async () => connection.disconnect());
    const forwarded: string[] = [];
    // A stored event from 2 hours ago (stored_at backdated on its partition row, triggers off).
    const old = agentEvent('ten_f3');
    await storeEventBatch(db.pool, new PartitionGuard(db.pool), [old]);
    const client = await db.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query("UPDATE audit_events SET stored_at = now() - interval '2 hours' WHERE id = $1", [
        old.id,
      ]);
      await client.query('SET session_replication_role = DEFAULT');
    } finally {
      client.release();
    }
    const reforward = startRedisLossReforward({
      pool: db.pool,
      connection,
      redisPrefix: `${redis.prefix}w:`,
      windowMs: { metering: 3_600_000, webhooks: 3_600_000 },
      checkIntervalMs: 60_000,
      forward: {
        metering: async (events) => {
          forwarded.push(...events.map((event) => event.id));
        },
        webhooks: async () => undefined,
      },
      log: silentLog,
    });
    cleanup.push(() => reforward.stop());
    await reforward.checkNow();
    expect(reforward.stats.losses).toBe(2);
    expect(forwarded).not.toContain(old.id);
    expect(forwarded.length).toBeGreaterThan(0); // the first test's events, stored just now
  });
});
