import { withTransaction } from '@bulwark/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATCH_ROW_CAPACITY,
  type CatalogQueue,
  emitAuditEvents,
  insertAuditEventBatch,
  jobItems,
  openQueue,
  type OutboxRelay,
  splitJobItems,
  startOutboxRelay,
} from '../src/index.js';
import { auditEvents } from './support/events.js';
import { useQueueFixtures } from './support/fixtures.js';
import { allEventIds, allJobIds } from './support/queue-contents.js';

const fixtures = useQueueFixtures();
const { db } = fixtures;
let queue: CatalogQueue;
const relays: OutboxRelay[] = [];

beforeAll(() => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  await queue?.obliterate({ force: true });
  await queue?.close();
});

function relay(hooks?: { afterEnqueue?: (ids: readonly string[]) => Promise<void> }): OutboxRelay {
  // A long poll: these tests drive the relay with drain(), not with its loop.
  const started = startOutboxRelay({
    pool: db.pool,
    connection: fixtures.connection,
    prefix: fixtures.prefix,
    pollIntervalMs: 60_000,
    hooks,
  });
  relays.push(started);
  return started;
}

async function clearOutboxAndQueue(): Promise<void> {
  await db.pool.query('DELETE FROM outbox');
  await queue.obliterate({ force: true });
}

describe('outbox batch rows', () => {
  it('stores up to one envelope of events per row, and the outbox_events view lists each event once', async () => {
    await clearOutboxAndQueue();
    const events = auditEvents(BATCH_ROW_CAPACITY * 2 + 100);
    await insertAuditEventBatch(db.pool, events);

    const rows = await db.pool.query<{ n: number; payload: unknown }>(
      'SELECT json_array_length(batch) AS n, payload FROM outbox ORDER BY id',
    );
    // One statement, one created_at: the rows' order among themselves is not defined.
    expect(rows.rows.map((row) => row.n).sort()).toEqual([100, BATCH_ROW_CAPACITY, BATCH_ROW_CAPACITY]);
    expect(rows.rows.every((row) => row.payload === null)).toBe(true);

    // Stored compressed (lz4, migration 0003): JSON of near-identical events shrinks several-fold.
    const stored = await db.pool.query<{ method: string; stored: number; raw: number }>(
      `SELECT pg_column_compression(batch) AS method, pg_column_size(batch) AS stored,
              octet_length(batch::text) AS raw
         FROM outbox ORDER BY json_array_length(batch) DESC LIMIT 1`,
    );
    expect(stored.rows[0]?.method).toBe('lz4');
    expect(Number(stored.rows[0]?.stored)).toBeLessThan(Number(stored.rows[0]?.raw) / 3);

    const listed = await db.pool.query<{ id: string }>(
      `SELECT payload->>'id' AS id FROM outbox_events ORDER BY row_id, payload->>'id'`,
    );
    expect(listed.rows.map((row) => row.id).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('refuses a row holding both shapes, neither, or a batch that is not an array', async () => {
    const [event] = auditEvents(1);
    const attempts = [
      [
        `INSERT INTO outbox (id, topic, payload, batch) VALUES (gen_random_uuid(), 'audit', $1::jsonb, $2::json)`,
        [JSON.stringify(event), JSON.stringify([event])],
      ],
      [`INSERT INTO outbox (id, topic) VALUES (gen_random_uuid(), 'audit')`, []],
      [
        `INSERT INTO outbox (id, topic, batch) VALUES (gen_random_uuid(), 'audit', $1::json)`,
        [JSON.stringify(event)],
      ],
    ] as const;
    for (const [sql, values] of attempts) {
      await expect(db.pool.query(sql, [...values])).rejects.toMatchObject({ code: '23514' });
    }
  });

  it('forwards each batch row as one envelope whose items are the stored text, next to envelopes of single rows', async () => {
    await clearOutboxAndQueue();
    const singlesBefore = auditEvents(3);
    const batched = auditEvents(300);
    const singlesAfter = auditEvents(2);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, singlesBefore));
    await insertAuditEventBatch(db.pool, batched);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, singlesAfter));

    await relay().drain();

    const batchRows = await db.pool.query<{ id: string }>('SELECT id FROM outbox WHERE batch IS NOT NULL');
    const jobIds = await allJobIds(queue);
    for (const row of batchRows.rows) expect(jobIds).toContain(`env-row-${row.id}`);
    // Two batch rows (250 + 50), each its own envelope; the five single rows share envelopes of their
    // own (one or two: the relay's loop may claim some of them next to drain()).
    expect(jobIds.filter((id) => id.startsWith('env-row-'))).toHaveLength(2);
    expect(jobIds.length).toBeGreaterThanOrEqual(3);

    const ids = await allEventIds(queue);
    const expected = [...singlesBefore, ...batched, ...singlesAfter].map((event) => event.id);
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected));

    // A consumer reads each forwarded text back as the very events that went in (250 + 50; one
    // statement wrote both rows, so which row holds which slice is not defined).
    const byId = new Map(batched.map((event) => [event.id, JSON.parse(JSON.stringify(event))]));
    const sizes: number[] = [];
    for (const row of batchRows.rows) {
      const job = await queue.getJob(`env-row-${row.id}`);
      expect(job?.data).toEqual({ items_json: expect.any(String) });
      const { valid, invalid } = splitJobItems('audit', job as NonNullable<typeof job>);
      expect(invalid).toEqual([]);
      for (const item of valid) expect(item).toEqual(byId.get((item as { id: string }).id));
      sizes.push(valid.length);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([batched.length - BATCH_ROW_CAPACITY, BATCH_ROW_CAPACITY]);

    const undispatched = await db.pool.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL');
    expect(undispatched.rowCount).toBe(0);
  });

  it('re-sends a batch row whose commit failed after the enqueue as the same job, so no event is queued twice', async () => {
    await clearOutboxAndQueue();
    const events = auditEvents(40);
    await insertAuditEventBatch(db.pool, events);

    let failOnce = true;
    const flaky = relay({
      afterEnqueue: async () => {
        if (!failOnce) return;
        failOnce = false;
        throw new Error('simulated crash between enqueue and commit');
      },
    });
    await flaky.drain();

    expect(flaky.stats.failures).toBe(1);
    expect(await allJobIds(queue)).toHaveLength(1);
    const ids = await allEventIds(queue);
    expect(ids).toHaveLength(events.length);
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));
  });
});

describe('jobItems on batch-row envelopes', () => {
  const envelope = (data: unknown) => ({ name: 'audit.batch', data });

  it('parses items_json, and refuses text that is not a non-empty JSON array', () => {
    const events = auditEvents(2);
    expect(jobItems('audit', envelope({ items_json: JSON.stringify(events) }))).toEqual(
      JSON.parse(JSON.stringify(events)),
    );
    for (const bad of ['{"id":1}', '[]', 'not json', '']) {
      expect(jobItems('audit', envelope({ items_json: bad }))).toBeUndefined();
    }
  });
});
