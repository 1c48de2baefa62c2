import { createPool } from '@bulwark/db';
import { useTestDatabase } from '@bulwark/testing';
import { describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { PartitionGuard } from '../src/db/partitions.js';
import { storeEventBatch } from '../src/domain/chain/store-events.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { createCheckpoints } from '../src/domain/checkpoints/create-checkpoints.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { agentEvent, manyEvents } from './support/events.js';

const db = useTestDatabase(migrationSources, { poolMax: 8 });
const kek = Kek.parse(Kek.generateEncoded());

async function countFor(tenant: string): Promise<number> {
  const result = await db.pool.query('SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1', [
    tenant,
  ]);
  return result.rows[0].n;
}

/** A superuser session with triggers off, the way an attacker with DB access would tamper. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
    await client.query('SET session_replication_role = DEFAULT');
  } finally {
    client.release();
  }
}

describe('storeEventBatch', () => {
  it('stores a batch once, and absorbs redeliveries and in-batch repeats', async () => {
    const guard = new PartitionGuard(db.pool);
    const events = manyEvents(['ten_dup'], 20);
    const first = await storeEventBatch(db.pool, guard, events);
    expect(first.stored).toHaveLength(20);
    const again = await storeEventBatch(db.pool, guard, [...events.slice(0, 5), ...events.slice(0, 5)]);
    expect(again.stored).toHaveLength(0);
    expect(again.duplicates).toHaveLength(10);
    expect(await countFor('ten_dup')).toBe(20);
    const report = await verifyChain(db.pool, 'ten_dup');
    expect(report).toMatchObject({ ok: true, events_checked: 20, anchored: true, head: { seq: 20 } });
  });

  it('keeps every tenant chain valid when several writers append at once', async () => {
    const tenants = ['ten_c1', 'ten_c2', 'ten_c3'];
    const events = manyEvents(tenants, 400);
    // Three independent pools stand in for three workers; overlapping slices force redeliveries.
    const pools = [0, 1, 2].map(() => createPool({ connectionString: db.url, max: 2 }));
    try {
      const slices = [events.slice(0, 600), events.slice(400, 1000), events.slice(800)];
      await Promise.all(
        slices.map(async (slice, index) => {
          const pool = pools[index] ?? db.pool;
          const guard = new PartitionGuard(pool);
          for (let offset = 0; offset < slice.length; offset += 37) {
            await storeEventBatch(pool, guard, slice.slice(offset, offset + 37));
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    for (const tenant of tenants) {
      expect(await countFor(tenant)).toBe(400);
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: 400 });
    }
  });

  it('splits a batch into parallel tenant shards without breaking any chain or losing an event', async () => {
    const tenants = Array.from({ length: 9 }, (_, i) => `ten_shard${i}`);
    const events = manyEvents(tenants, 90);
    // Writers with different shard counts, on overlapping slices: the same tenant may sit in
    // different statements of different writers, and every redelivery must still be absorbed.
    const shardCounts = [1, 3, 4];
    const pools = shardCounts.map(() => createPool({ connectionString: db.url, max: 4 }));
    try {
      const slices = [events.slice(0, 500), events.slice(300, 700), events.slice(500)];
      const results = await Promise.all(
        slices.map(async (slice, index) => {
          const pool = pools[index] ?? db.pool;
          const guard = new PartitionGuard(pool);
          let stored = 0;
          for (let offset = 0; offset < slice.length; offset += 53) {
            const result = await storeEventBatch(pool, guard, slice.slice(offset, offset + 53), {
              shards: shardCounts[index],
            });
            stored += result.stored.length;
          }
          return stored;
        }),
      );
      expect(results.reduce((a, b) => a + b, 0)).toBe(events.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    for (const tenant of tenants) {
      expect(await countFor(tenant)).toBe(90);
      expect(await verifyChain(db.pool, tenant)).toMatchObject({
        ok: true,
        events_checked: 90,
        head: { seq: 90 },
      });
    }
  });

  it('creates a partition on demand for an event in an old month', async () => {
    const old = agentEvent('ten_old', { occurred_at: '2021-03-04T05:06:07.000Z' });
    await storeEventBatch(db.pool, new PartitionGuard(db.pool), [old]);
    const where = await db.pool.query(
      'SELECT tableoid::regclass::text AS part FROM audit_events WHERE id = $1',
      [old.id],
    );
    expect(where.rows[0].part).toBe('audit_events_2021_03');
  });
});

describe('append-only store', () => {
  it('refuses UPDATE and DELETE of stored events', async () => {
    const event = agentEvent('ten_ro');
    await storeEventBatch(db.pool, new PartitionGuard(db.pool), [event]);
    await expect(
      db.pool.query("UPDATE audit_events SET hash = 'x' WHERE id = $1", [event.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM audit_events WHERE id = $1', [event.id])).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('verifyChain finds tampering', () => {
  async function seed(tenant: string, count: number) {
    const events = manyEvents([tenant], count);
    await storeEventBatch(db.pool, new PartitionGuard(db.pool), events);
    return events;
  }

  it('names an edited row', async () => {
    const events = await seed('ten_edit', 10);
    const victim = events[4];
    await tamper(
      `UPDATE audit_events SET event = jsonb_set(event, '{outcome,status}', '"denied"') WHERE id = $1`,
      [victim?.id],
    );
    const report = await verifyChain(db.pool, 'ten_edit');
    expect(report.ok).toBe(false);
    expect(report.first_broken).toMatchObject({ seq: 5, event_id: victim?.id });
  });

  it('names the gap left by a deleted row', async () => {
    const events = await seed('ten_delete', 10);
    await tamper('DELETE FROM audit_events WHERE id = $1', [events[6]?.id]);
    const report = await verifyChain(db.pool, 'ten_delete');
    expect(report.first_broken).toMatchObject({ seq: 7, event_id: null });
    expect(report.first_broken?.reason).toMatch(/missing/);
  });

  it('notices the newest row deleted, via the chain head', async () => {
    const events = await seed('ten_tail', 5);
    await tamper('DELETE FROM audit_events WHERE id = $1', [events[4]?.id]);
    const report = await verifyChain(db.pool, 'ten_tail');
    expect(report.first_broken).toMatchObject({ seq: 5 });
  });

  it('catches a consistently rewritten row (hash recomputed) through the next link and the checkpoint', async () => {
    const events = await seed('ten_rewrite', 6);
    expect(await createCheckpoints(db.pool, kek, { tenantIds: ['ten_rewrite'] })).toBe(1);
    const victim = events[2];
    // Rewrite row 3 and its own hash so the row checks out in isolation.
    const row = await db.pool.query('SELECT prev_hash FROM audit_events WHERE id = $1', [victim?.id]);
    const { chainHash } = await import('../src/domain/chain/chain-hash.js');
    const forged = { ...victim, outcome: { status: 'denied', reason: null } };
    await tamper('UPDATE audit_events SET event = $2, hash = $3 WHERE id = $1', [
      victim?.id,
      JSON.stringify(forged),
      chainHash(forged, row.rows[0].prev_hash),
    ]);
    const report = await verifyChain(db.pool, 'ten_rewrite');
    expect(report.first_broken).toMatchObject({ seq: 4, event_id: events[3]?.id });
  });

  it('verifies signed checkpoints and rejects a forged one', async () => {
    await seed('ten_ckpt', 4);
    await createCheckpoints(db.pool, kek, { tenantIds: ['ten_ckpt'] });
    const good = await verifyChain(db.pool, 'ten_ckpt');
    expect(good).toMatchObject({ ok: true, checkpoints_checked: 1 });
    await tamper("UPDATE checkpoints SET hash = repeat('a', 64) WHERE tenant_id = $1", ['ten_ckpt']);
    const bad = await verifyChain(db.pool, 'ten_ckpt');
    expect(bad.first_broken?.reason).toMatch(/invalid signature/);
  });

  it('verifies a time window', async () => {
    const events = await seed('ten_window', 10);
    const report = await verifyChain(db.pool, 'ten_window', {
      from: new Date(events[3]?.occurred_at ?? 0),
      to: new Date(events[6]?.occurred_at ?? 0),
    });
    expect(report).toMatchObject({ ok: true, from_seq: 4, to_seq: 7, events_checked: 4, anchored: false });
  });
});
