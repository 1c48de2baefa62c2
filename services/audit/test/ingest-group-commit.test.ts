import { OUTBOX_CHANNEL } from '@bulwark/queue';
import { useTestDatabase } from '@bulwark/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { IngestGroupCommit } from '../src/db/ingest-group-commit.js';
import { migrationSources } from '../src/db/migration-sources.js';
import { RelayWakeup } from '@bulwark/queue';
import { agentEvent } from './support/events.js';

const db = useTestDatabase(migrationSources, { poolMax: 4 });

/** One ingest request's outbox JSON and ids, as ingestEvents hands them over. */
function request(count = 2, tenant = 'ten_group') {
  const events = Array.from({ length: count }, () => agentEvent(tenant));
  return { json: JSON.stringify(events), ids: events.map((event) => event.id) };
}

async function outboxIds(ids: readonly string[]): Promise<string[]> {
  const found = await db.pool.query<{ id: string }>('SELECT id FROM outbox WHERE id = ANY($1::uuid[])', [
    ids,
  ]);
  return found.rows.map((row) => row.id).sort();
}

describe('IngestGroupCommit', () => {
  it('commits requests that queue behind a running statement together, each answered after its commit', async () => {
    let wakes = 0;
    const group = new IngestGroupCommit(db.pool, () => wakes++, { maxInFlight: 1 });
    const requests = Array.from({ length: 5 }, () => request());
    // The first starts a statement at once; the other four queue behind it and share the next one.
    await Promise.all(requests.map((r) => group.insert(r.json, r.ids)));
    expect(group.stats).toEqual({ statements: 2, requests: 5, maxRequests: 4 });
    const all = requests.flatMap((r) => r.ids);
    expect(await outboxIds(all)).toEqual([...all].sort());
    expect(wakes).toBe(2);
  });

  it('never splits a request and caps a shared statement by events', async () => {
    const group = new IngestGroupCommit(db.pool, () => undefined, { maxInFlight: 1, maxEvents: 4 });
    const requests = [request(1), request(3), request(3), request(5)];
    await Promise.all(requests.map((r) => group.insert(r.json, r.ids)));
    // [1] alone, then [3] (3+3 > 4), [3], [5] (larger than the cap, still whole).
    expect(group.stats).toEqual({ statements: 4, requests: 4, maxRequests: 1 });
    const all = requests.flatMap((r) => r.ids);
    expect(await outboxIds(all)).toEqual([...all].sort());
  });

  it('isolates a failing request: the shared statement commits nothing, the others commit alone', async () => {
    let wakes = 0;
    const group = new IngestGroupCommit(db.pool, () => wakes++, { maxInFlight: 1 });
    const first = request();
    const good = [request(), request()];
    // Passes the domain's checks nowhere: Postgres refuses the uuid cast, as it would any bad row.
    const bad = { json: JSON.stringify([{ ...agentEvent('ten_group'), id: 'not-a-uuid' }]), ids: ['x'] };
    const settled = await Promise.allSettled([
      group.insert(first.json, first.ids),
      group.insert(good[0]?.json ?? '', good[0]?.ids ?? []),
      group.insert(bad.json, bad.ids),
      group.insert(good[1]?.json ?? '', good[1]?.ids ?? []),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
    const committed = [first, ...good].flatMap((r) => r.ids);
    expect(await outboxIds(committed)).toEqual([...committed].sort());
    const count = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE payload ->> 'id' = 'not-a-uuid'",
    );
    expect(count.rows[0]?.n).toBe(0);
    expect(wakes).toBe(2);
  });

  it('answers a retried request whose rows all exist as committed, and fails one that only collides', async () => {
    const group = new IngestGroupCommit(db.pool, () => undefined, { maxInFlight: 1 });
    const first = request();
    const landed = request(); // as if the shared COMMIT happened and only its answer was lost
    const collides = request(); // one id taken by someone else, the other not
    const neighbour = request();
    await db.pool.query(
      `INSERT INTO outbox (id, topic, payload)
       SELECT (e ->> 'id')::uuid, 'audit', e FROM jsonb_array_elements($1::jsonb) AS e`,
      [JSON.stringify([...JSON.parse(landed.json), JSON.parse(collides.json)[0]])],
    );
    const settled = await Promise.allSettled([
      group.insert(first.json, first.ids),
      group.insert(landed.json, landed.ids),
      group.insert(collides.json, collides.ids),
      group.insert(neighbour.json, neighbour.ids),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    expect(await outboxIds(collides.ids)).toEqual([collides.ids[0]]);
    expect(await outboxIds(neighbour.ids)).toEqual([...neighbour.ids].sort());
  });

  it('fails a lone request with its own error (nothing to retry)', async () => {
    const group = new IngestGroupCommit(db.pool, () => undefined);
    await expect(group.insert('[{"id": "nope"}]', ['nope'])).rejects.toMatchObject({ code: '22P02' });
    expect(group.stats.statements).toBe(1);
  });
});

describe('RelayWakeup', () => {
  it('sends one NOTIFY for a burst of pokes, plus one for those that land while it is in flight', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      let heard = 0;
      listener.on('notification', (message) => {
        if (message.channel === OUTBOX_CHANNEL) heard++;
      });
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      const wakeup = new RelayWakeup(db.pool, 5);
      for (let i = 0; i < 50; i++) wakeup.poke();
      await wakeup.settle();
      // A round trip on the listening connection delivers every NOTIFY committed before it.
      await listener.query('SELECT 1');
      expect(heard).toBe(2);
      wakeup.poke();
      await wakeup.settle();
      await listener.query('SELECT 1');
      expect(heard).toBe(3);
    } finally {
      await listener.end();
    }
  });
});
