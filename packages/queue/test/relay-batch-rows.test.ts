import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEvent } from '@bulwark/core';
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

/**
 * An empty outbox and queue, and a relay whose loop has finished its first round and sleeps (60 s
 * poll, no LISTEN connection): from then on only drain() claims, so one claim takes every row
 * present. Packing depends on which rows one claim holds; a loop racing drain() could split them.
 */
async function quietRelay(hooks?: { afterEnqueue?: (ids: readonly string[]) => Promise<void> }) {
  await clearOutboxAndQueue();
  await withTransaction(db.pool, (client) => emitAuditEvents(client, auditEvents(1)));
  const started = relay(hooks);
  // A liveness wait, bounded by the test's timeout: the loop's round ends with its commit.
  while (started.stats.batches === 0) await sleep(10);
  await clearOutboxAndQueue();
  return started;
}

/** One batch row per entry, each its own statement: the rows' ids in claim order, which is insertion order. */
async function insertBatchRows(sizes: readonly number[]): Promise<{ ids: string[]; events: AuditEvent[][] }> {
  const events = sizes.map((size) => auditEvents(size));
  for (const rowEvents of events) await insertAuditEventBatch(db.pool, rowEvents);
  return { ids: await rowIdsInClaimOrder(events), events };
}

/**
 * The rows' ids in the relay's claim order, checking it is the order the rows (given by their events)
 * were written in: each statement's created_at is its own, later start time, and the expectations
 * rely on it.
 */
async function rowIdsInClaimOrder(events: readonly AuditEvent[][]): Promise<string[]> {
  const rows = await db.pool.query<{ id: string; first: string }>(
    `SELECT id, batch->0->>'id' AS first FROM outbox ORDER BY created_at, id`,
  );
  expect(rows.rows.map((row) => row.first)).toEqual(events.map((rowEvents) => rowEvents[0]?.id));
  return rows.rows.map((row) => row.id);
}

/** The event ids an envelope job carries, in its order. */
async function eventIdsOfJob(jobId: string): Promise<string[] | undefined> {
  const job = await queue.getJob(jobId);
  if (!job) return undefined;
  return (jobItems('audit', job) as { id: string }[] | undefined)?.map((item) => item.id);
}

const idsOf = (events: readonly AuditEvent[]) => events.map((event) => event.id);

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

  it('refuses batch_items on a single-event row, and a count below 1', async () => {
    const [event] = auditEvents(1);
    const attempts = [
      [
        `INSERT INTO outbox (id, topic, payload, batch_items) VALUES (gen_random_uuid(), 'audit', $1::jsonb, 1)`,
        [JSON.stringify(event)],
      ],
      [
        `INSERT INTO outbox (id, topic, batch, batch_items) VALUES (gen_random_uuid(), 'audit', $1::json, 0)`,
        [JSON.stringify([event])],
      ],
      [
        `INSERT INTO outbox (id, topic, batch, batch_items) VALUES (gen_random_uuid(), 'audit', $1::json, -1)`,
        [JSON.stringify([event])],
      ],
    ] as const;
    for (const [sql, values] of attempts) {
      await expect(db.pool.query(sql, [...values])).rejects.toMatchObject({
        code: '23514',
        constraint: 'outbox_batch_items',
      });
    }
    // insertAuditEventBatch records each row's count.
    await clearOutboxAndQueue();
    await insertAuditEventBatch(db.pool, auditEvents(BATCH_ROW_CAPACITY + 7));
    const counts = await db.pool.query<{ n: number; batch_items: number }>(
      'SELECT json_array_length(batch) AS n, batch_items FROM outbox',
    );
    expect(counts.rows).toHaveLength(2);
    for (const row of counts.rows) expect(row.batch_items).toBe(row.n);
  });

  it('forwards a full batch row as one envelope whose items are the stored text, next to envelopes of single rows', async () => {
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
    // Two batch rows (250 + 50), each its own envelope (together they exceed one envelope, so neither is
    // packed with the other); the five single rows share envelopes of their own (one or two: the
    // relay's loop may claim some of them next to drain()).
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

  it('packs consecutive small batch rows into one envelope holding all their events in claim order', async () => {
    const relayer = await quietRelay();
    const { events } = await insertBatchRows([20, 20, 20, 20, 20]);

    await relayer.drain();

    const jobIds = await allJobIds(queue);
    expect(jobIds).toHaveLength(1);
    expect(jobIds[0]).toMatch(/^env-rows-5-[0-9a-f]{32}$/);
    // The rows' events, row after row in claim order, each row's in its own order.
    expect(await eventIdsOfJob(String(jobIds[0]))).toEqual(events.flatMap(idsOf));
    const job = await queue.getJob(String(jobIds[0]));
    const { valid, invalid } = splitJobItems('audit', job as NonNullable<typeof job>);
    expect(invalid).toEqual([]);
    expect(valid).toEqual(JSON.parse(JSON.stringify(events.flat())));
  });

  it('starts a new envelope when the next row would take it past 250 events', async () => {
    const relayer = await quietRelay();
    // 100+100 | 100+150 (exactly 250) | 250 | 30
    const { ids, events } = await insertBatchRows([100, 100, 100, 150, BATCH_ROW_CAPACITY, 30]);

    await relayer.drain();

    const jobIds = await allJobIds(queue);
    expect(jobIds).toHaveLength(4);
    const packed = jobIds.filter((id) => id.startsWith('env-rows-2-'));
    expect(packed).toHaveLength(2);
    const packedContents = await Promise.all(packed.map(eventIdsOfJob));
    expect(packedContents).toContainEqual([...idsOf(events[0] ?? []), ...idsOf(events[1] ?? [])]);
    expect(packedContents).toContainEqual([...idsOf(events[2] ?? []), ...idsOf(events[3] ?? [])]);
    expect(await eventIdsOfJob(`env-row-${ids[4]}`)).toEqual(idsOf(events[4] ?? []));
    expect(await eventIdsOfJob(`env-row-${ids[5]}`)).toEqual(idsOf(events[5] ?? []));
  });

  it('forwards a row without batch_items (written before migration 0004) alone, and packs rows padded with whitespace', async () => {
    const relayer = await quietRelay();
    const [first, uncounted, padded, last] = [
      auditEvents(20),
      auditEvents(10),
      auditEvents(3),
      auditEvents(20),
    ];
    await insertAuditEventBatch(db.pool, first);
    await db.pool.query(
      `INSERT INTO outbox (id, topic, batch) VALUES (gen_random_uuid(), 'audit', $1::json)`,
      [JSON.stringify(uncounted)],
    );
    // json keeps the text as written: whitespace around and inside the brackets must not break the join.
    await db.pool.query(
      `INSERT INTO outbox (id, topic, batch, batch_items) VALUES (gen_random_uuid(), 'audit', $1::json, 3)`,
      [` \n[ ${padded.map((event) => JSON.stringify(event)).join(' ,\n ')} \n]\t `],
    );
    await insertAuditEventBatch(db.pool, last);
    const ids = await rowIdsInClaimOrder([first, uncounted, padded, last]);

    await relayer.drain();

    const jobIds = await allJobIds(queue);
    expect(jobIds).toHaveLength(3);
    // The uncounted row ends the run before it: the first row goes alone too.
    expect(await eventIdsOfJob(`env-row-${ids[0]}`)).toEqual(idsOf(first));
    const alone = await queue.getJob(`env-row-${ids[1]}`);
    expect(alone?.data).toEqual({ items_json: JSON.stringify(uncounted) });
    const packed = jobIds.find((id) => id.startsWith('env-rows-2-'));
    expect(packed).toBeDefined();
    const packedJob = await queue.getJob(String(packed));
    const { valid, invalid } = splitJobItems('audit', packedJob as NonNullable<typeof packedJob>);
    expect(invalid).toEqual([]);
    expect(valid).toEqual(JSON.parse(JSON.stringify([...padded, ...last])));
  });

  it('re-sends batch rows whose commit failed after the enqueue as the same jobs, so no event is queued twice', async () => {
    let armed = false;
    let jobIdsAtCrash: string[] = [];
    const flaky = await quietRelay({
      afterEnqueue: async () => {
        if (!armed) return;
        armed = false;
        jobIdsAtCrash = await allJobIds(queue);
        throw new Error('simulated crash between enqueue and commit');
      },
    });
    // 20+20+20 | 200+40: two packed envelopes (60 + 200 would exceed 250).
    const { events } = await insertBatchRows([20, 20, 20, 200, 40]);
    armed = true;

    await flaky.drain();

    expect(flaky.stats.failures).toBe(1);
    expect(jobIdsAtCrash.map((id) => id.slice(0, 'env-rows-n-'.length)).sort()).toEqual([
      'env-rows-2-',
      'env-rows-3-',
    ]);
    // The re-claim made the very same jobs: BullMQ absorbed them.
    expect((await allJobIds(queue)).sort()).toEqual([...jobIdsAtCrash].sort());
    const queued = await allEventIds(queue);
    const expected = events.flatMap(idsOf);
    expect(queued).toHaveLength(expected.length);
    expect(new Set(queued)).toEqual(new Set(expected));
    const undispatched = await db.pool.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL');
    expect(undispatched.rowCount).toBe(0);
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
