import type { ChildProcess } from 'node:child_process';
import type { AuditEvent } from '@bulwark/core';
import { createPool, withTransaction } from '@bulwark/db';
import {
  type CatalogQueue,
  insertAuditEventBatch,
  jobItems,
  type OutboxRelay,
  openQueue,
  redisConnection,
  startOutboxRelay,
} from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { manyEvents } from './support/events.js';
import { emitThroughOutbox } from './support/outbox-load.js';
import { duplicateRows, storedCount, storedIdsOf } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

// End to end for outbox batch rows (packages/queue README "Batch rows"): the relay forwards them as
// `audit.batch` jobs `{ items_json }`, a row alone or consecutive rows packed into one envelope, and a
// real worker process must store every event in them.
const db = useTestDatabase(migrationSources, { poolMax: 3 });
const redis = useRedisPrefix();
let worker: ChildProcess;
let connection: Redis;
let queue: CatalogQueue;
let relayPool: Pool | undefined;
let relay: OutboxRelay | undefined;

beforeAll(async () => {
  connection = redisConnection(redis.url);
  queue = openQueue('audit', { connection, prefix: redis.prefix });
  const spawned = spawnWorker({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    BULWARK_KEK: Kek.generateEncoded(),
    AUDIT_BATCH_SIZE: '100',
  });
  worker = spawned.child;
  await spawned.ready;
});
afterAll(async () => {
  await relay?.stop();
  await relayPool?.end();
  if (worker) await stopWorker(worker);
  await queue?.close();
  connection?.disconnect();
});

const idsOf = (events: readonly AuditEvent[]) => events.map((event) => event.id).sort();

/** Waits until BullMQ has settled `jobId` in `state` (a liveness bound, not a speed check). */
async function waitForJobState(jobId: string, state: 'completed' | 'failed') {
  await waitFor(`job ${jobId} ${state}`, async () => (await queue.getJobState(jobId)) === state);
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}

/** The envelopes of outbox batch rows (`{ items_json }`) in `states`, with the event ids each carries. */
async function batchRowJobs(states: JobType[]): Promise<{ id: string; items: string[] }[]> {
  const jobs = await queue.getJobs(states, 0, -1);
  return jobs
    .filter((job) => typeof (job.data as { items_json?: unknown }).items_json === 'string')
    .map((job) => ({
      id: String(job.id),
      items: ((jobItems('audit', job) ?? []) as { id: string }[]).map((item) => item.id),
    }));
}

/** The one relay of this file, started by the first test that needs it and left running. */
function startRelay(): void {
  if (relay) return;
  relayPool = createPool({ connectionString: db.url, max: 2, applicationName: 'bulwark-outbox-relay' });
  relay = startOutboxRelay({
    pool: relayPool,
    connectionString: db.url,
    connection,
    prefix: redis.prefix,
    // Small claims, so one relay batch mixes single rows with batch rows.
    batchSize: 50,
    // insertAuditEventBatch sends no NOTIFY (its caller wakes the relays): the poll picks them up.
    pollIntervalMs: 100,
  });
}

describe('outbox batch rows through the real audit worker', () => {
  it('stores every event of batch rows and single rows once, chains verify, rows are dispatched', async () => {
    startRelay();

    const tenants = ['ten_br1', 'ten_br2', 'ten_br3'];
    const singlesA = manyEvents(tenants, 20);
    const big = manyEvents(tenants, 90); // 270 events: two rows (250 + 20)
    const singlesB = manyEvents(tenants, 15);
    const medium = manyEvents(tenants, 12);
    const singlesC = manyEvents(tenants, 5);
    const small = manyEvents(['ten_br2'], 4);
    await emitThroughOutbox(db.pool, singlesA, { chunk: 25 });
    await insertAuditEventBatch(db.pool, big);
    await emitThroughOutbox(db.pool, singlesB, { chunk: 25 });
    await insertAuditEventBatch(db.pool, medium);
    await emitThroughOutbox(db.pool, singlesC, { chunk: 25 });
    await insertAuditEventBatch(db.pool, small);
    const events = [...singlesA, ...big, ...singlesB, ...medium, ...singlesC, ...small];

    await waitFor('every event stored', async () => (await storedCount(db.pool)) === events.length, 90_000);

    expect(await duplicateRows(db.pool)).toBe(0);
    expect((await storedIdsOf(db.pool, tenants)).sort()).toEqual(idsOf(events));
    for (const tenant of tenants) {
      const count = events.filter((event) => event.tenant_id === tenant).length;
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: count });
    }

    // The batch rows are marked dispatched, and their envelopes (a row alone, or rows packed together:
    // which, depends on what each claim of 50 rows held) carried each of their events once and completed.
    const batchRows = await db.pool.query<{ dispatched: boolean }>(
      'SELECT dispatched_at IS NOT NULL AS dispatched FROM outbox WHERE batch IS NOT NULL',
    );
    expect(batchRows.rows).toHaveLength(4);
    expect(batchRows.rows.every((row) => row.dispatched)).toBe(true);
    const batchEventIds = idsOf([...big, ...medium, ...small]);
    await waitFor("the batch rows' envelopes completed", async () => {
      const carried = (await batchRowJobs(['completed'])).flatMap(({ items }) => items);
      return carried.length === batchEventIds.length;
    });
    const rowJobs = await batchRowJobs(['completed']);
    expect(rowJobs.flatMap(({ items }) => items).sort()).toEqual(batchEventIds);
    for (const { id } of rowJobs) expect(id).toMatch(/^env-row-[0-9a-f-]{36}$|^env-rows-\d+-[0-9a-f]{32}$/);
    const undispatched = await db.pool.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL');
    expect(undispatched.rowCount).toBe(0);
    expect((await queue.getJobCounts('failed')).failed).toBe(0);
  });

  it('stores the events of batch rows packed into one envelope', async () => {
    startRelay();
    const tenants = ['ten_bp1', 'ten_bp2'];
    const commits = [manyEvents(tenants, 10), manyEvents(tenants, 7), manyEvents(tenants, 15)];
    // Three rows committed together: the running relay's next claim holds all three, so it packs them.
    await withTransaction(db.pool, async (client) => {
      for (const events of commits) await insertAuditEventBatch(client, events);
    });
    const events = commits.flat();

    // The first test's rows may have made an env-rows-3 envelope too: look for the one holding ours.
    const ours = async () =>
      (await batchRowJobs(['completed'])).find(({ items }) => items.includes(events[0]?.id ?? ''));
    await waitFor('the packed envelope completed', async () => (await ours()) !== undefined);
    const packed = await ours();
    expect(packed?.id).toMatch(/^env-rows-3-[0-9a-f]{32}$/);
    expect(packed?.items.slice().sort()).toEqual(idsOf(events));
    expect((await storedIdsOf(db.pool, tenants)).sort()).toEqual(idsOf(events));
    expect(await duplicateRows(db.pool)).toBe(0);
    for (const tenant of tenants) {
      const count = events.filter((event) => event.tenant_id === tenant).length;
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: count });
    }
  });

  it('an envelope with one invalid item stores the valid ones and fails naming the invalid item', async () => {
    const tenant = 'ten_bi1';
    const valid = manyEvents([tenant], 4);
    const [broken] = manyEvents([tenant], 1);
    // Required fields missing (a faulty writer): schema-invalid, so it must never be stored.
    const { actor: _actor, action: _action, ...invalid } = broken as AuditEvent;
    const items = [valid[0], valid[1], invalid, valid[2], valid[3]];
    const jobId = 'env-row-invalid-item';
    await queue.add('audit.batch', { items_json: JSON.stringify(items) }, { jobId });

    const job = await waitForJobState(jobId, 'failed');
    expect(job.failedReason).toMatch(/^Invalid "audit" payload in envelope: item 2: /);
    expect(job.failedReason).toMatch(/actor/);
    expect(job.attemptsMade).toBe(1); // failed for good, no retry

    expect((await storedIdsOf(db.pool, [tenant])).sort()).toEqual(idsOf(valid));
    expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: valid.length });
    expect(worker.exitCode).toBeNull();
  });

  it('an envelope whose items_json is not a JSON array fails at once, stores nothing, and the worker goes on', async () => {
    const tenant = 'ten_bj1';
    const [inObject, inTruncated] = manyEvents([tenant], 2);
    // Valid events inside text that is not an array: none of them may be stored.
    const bad = {
      'env-row-not-array': JSON.stringify({ items: [inObject] }),
      'env-row-not-json': `[${JSON.stringify(inTruncated)}`,
    };
    for (const [jobId, itemsJson] of Object.entries(bad)) {
      await queue.add('audit.batch', { items_json: itemsJson }, { jobId });
    }
    for (const jobId of Object.keys(bad)) {
      const job = await waitForJobState(jobId, 'failed');
      expect(job.failedReason).toBe('Invalid "audit" envelope: expected { items: [≥ 1 item] }.');
      expect(job.attemptsMade).toBe(1);
    }

    // The same worker process then stores a valid batch-row envelope.
    const after = manyEvents([tenant], 3);
    await queue.add('audit.batch', { items_json: JSON.stringify(after) }, { jobId: 'env-row-after-bad' });
    await waitForJobState('env-row-after-bad', 'completed');
    expect((await storedIdsOf(db.pool, [tenant])).sort()).toEqual(idsOf(after));
    expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: after.length });
    expect(worker.exitCode).toBeNull();
  });
});
