import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { expireSinkRecords } from '../src/domain/sinks/expire-sink-records.js';
import { startCheckpointTimer } from '../src/pipeline/checkpoint-timer.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';
import { waitFor } from './support/wait-for.js';

const db = useTestDatabase(migrationSources, { poolMax: 6 });
const redis = useRedisPrefix();
let h: AuditHarness;
let admin: string;

beforeAll(async () => {
  h = await startAuditHarness(db.pool, db.url, redis, { idempotencyKeyTtlSeconds: 120 });
  admin = await h.issuer.mint({ sub: 'usr_admin', tenant_id: 'ten_a', scope: 'audit:admin audit:read' });
});
afterAll(async () => {
  await h?.close();
});

// A filter nothing matches: these sinks exist only for their Idempotency-Keys.
const body = (path: string) => ({ url: `https://hooks.example.com/${path}`, action_prefixes: ['none.'] });

function create(key: string, payload: object) {
  return h.app.inject({
    method: 'POST',
    url: '/v1/sinks',
    headers: { authorization: `Bearer ${admin}`, 'idempotency-key': key },
    payload,
  });
}

/** Moves a key's expiry into the past, as if its TTL had run out. */
async function expire(key: string): Promise<void> {
  const res = await db.pool.query(
    "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1",
    [key],
  );
  expect(res.rowCount).toBe(1);
}

async function keyRow(key: string) {
  const res = await db.pool.query<{ resource_id: string; ttl: number; live: boolean }>(
    `SELECT resource_id, extract(epoch FROM expires_at - created_at)::int AS ttl, expires_at > now() AS live
     FROM idempotency_keys WHERE key = $1`,
    [key],
  );
  return res.rows[0];
}

describe('Idempotency-Key expiry', () => {
  it('keeps a key for the configured TTL, then treats it as new', async () => {
    const first = await create('expiring', body('a'));
    expect(first.statusCode).toBe(201);
    expect(await keyRow('expiring')).toEqual({ resource_id: first.json().id, ttl: 120, live: true });

    const replay = await create('expiring', body('a'));
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    expect((await create('expiring', body('other'))).statusCode).toBe(409);

    await expire('expiring');
    const fresh = await create('expiring', body('a'));
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.json().id).not.toBe(first.json().id);
    expect(fresh.json().secret).not.toBe(first.json().secret);
    expect(await keyRow('expiring')).toEqual({ resource_id: fresh.json().id, ttl: 120, live: true });
    // The renewed key replays the new sink.
    expect((await create('expiring', body('a'))).json().id).toBe(fresh.json().id);

    // An expired key may also carry a different request now.
    await expire('expiring');
    const different = await create('expiring', body('b'));
    expect(different.statusCode).toBe(201);
    expect(different.json().url).toBe('https://hooks.example.com/b');
  });

  it('is swept: expired keys are deleted, live ones stay', async () => {
    for (const key of ['sweep-old', 'sweep-live']) {
      expect((await create(key, body(key))).statusCode).toBe(201);
    }
    await expire('sweep-old');
    const swept = await expireSinkRecords(db.pool);
    expect(swept.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await keyRow('sweep-old')).toBeUndefined();
    expect(await keyRow('sweep-live')).toMatchObject({ live: true });
  });

  it("runs the sweep on the worker's housekeeping tick", async () => {
    expect((await create('tick-old', body('tick'))).statusCode).toBe(201);
    await expire('tick-old');
    const errors: unknown[] = [];
    const timer = startCheckpointTimer(db.pool, h.kek, 100, (error) => errors.push(error));
    try {
      await waitFor('the housekeeping sweep', async () => (await keyRow('tick-old')) === undefined);
    } finally {
      await timer.stop();
    }
    expect(errors).toEqual([]);
    expect(await keyRow('sweep-live')).toMatchObject({ live: true });
  });
});
