import type { ChildProcess } from 'node:child_process';
import type { AuditEvent } from '@bulwark/core';
import { advisoryLockKey, withDatabase, withTransaction } from '@bulwark/db';
import { emitAuditEvents, openQueue, outboxMigrations, redisConnection } from '@bulwark/queue';
import { deleteKeysWithPrefix, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { type ReconcileSource, sourceKeyOf } from '../src/reconcile/reconcile-sources.js';
import { readSourceStatus } from '../src/reconcile/reconcile-state-sql.js';
import { createReconciler, type Reconciler, type ReconcileReport } from '../src/reconcile/reconciler.js';
import { manyEvents } from './support/events.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

// The audit database (store + its own outbox) and a service's database with only an outbox.
const store = useTestDatabase(migrationSources, { poolMax: 4 });
const service = useTestDatabase([outboxMigrations], { poolMax: 2 });
const redis = useRedisPrefix();
let connection: Redis;
let worker: ChildProcess | undefined;
const logs: { level: string; obj: object; msg?: string }[] = [];
const reconcilers: Reconciler[] = [];

const sources = (): ReconcileSource[] => [
  { key: sourceKeyOf(store.url), url: store.url },
  { key: sourceKeyOf(service.url), url: service.url },
  // Not deployed here: no such database, and a database without an outbox.
  {
    key: sourceKeyOf(withDatabase(service.url, 'bulwark_reconcile_absent')),
    url: withDatabase(service.url, 'bulwark_reconcile_absent'),
  },
  { key: sourceKeyOf(withDatabase(service.url, 'postgres')), url: withDatabase(service.url, 'postgres') },
];

function reconciler(): Reconciler {
  const log = (level: string) => (obj: object, msg?: string) => {
    logs.push({ level, obj, ...(msg !== undefined && { msg }) });
  };
  const created = createReconciler({
    store: store.pool,
    storeKey: sourceKeyOf(store.url),
    sources: sources(),
    connection,
    redisPrefix: redis.prefix,
    graceMs: 60_000,
    windowMs: 86_400_000,
    maxRows: 100_000,
    // Small pages, so a run crosses several of them.
    pageSize: 25,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  reconcilers.push(created);
  return created;
}

/** Written to an outbox and marked dispatched `agoSeconds` ago without ever reaching Redis: lost in a Redis restart. */
async function emitLost(pool: Pool, events: readonly AuditEvent[], agoSeconds: number): Promise<void> {
  await withTransaction(pool, (client) => emitAuditEvents(client, events));
  await pool.query(
    'UPDATE outbox SET dispatched_at = now() - make_interval(secs => $2) WHERE id = ANY($1::uuid[])',
    [events.map((event) => event.id), agoSeconds],
  );
}

function sourceReport(report: ReconcileReport, url: string) {
  return report.sources.find((source) => source.source === sourceKeyOf(url));
}

async function queueCounts() {
  const queue = openQueue('audit', { connection, prefix: redis.prefix });
  try {
    return await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  } finally {
    await queue.close();
  }
}

async function storedIds(): Promise<string[]> {
  const result = await store.pool.query<{ id: string }>(
    'SELECT id::text AS id FROM audit_events ORDER BY id',
  );
  return result.rows.map((row) => row.id);
}

beforeAll(async () => {
  connection = redisConnection(redis.url);
  const spawned = spawnWorker({
    DATABASE_URL: store.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    BULWARK_KEK: Kek.generateEncoded(),
    AUDIT_RECONCILE: 'off', // the test drives the reconciler itself
    AUDIT_BATCH_SIZE: '100',
    AUDIT_FETCHERS: '2',
  });
  worker = spawned.child;
  await spawned.ready;
});
afterAll(async () => {
  for (const created of reconcilers) await created.close();
  if (worker) await stopWorker(worker);
  connection?.disconnect();
});

const serviceLost = manyEvents(['ten_rx', 'ten_ry'], 30);
const auditLost = manyEvents(['ten_rz'], 20);
const recent = manyEvents(['ten_recent'], 10);
const later = manyEvents(['ten_rx', 'ten_rw'], 25);

describe('reconciler', () => {
  it('re-enqueues dispatched events the store lacks; each is stored exactly once and every chain verifies', async () => {
    await emitLost(service.pool, serviceLost, 300);
    await emitLost(store.pool, auditLost, 300);
    await emitLost(service.pool, recent, 0); // inside the grace period: possibly still on its way

    const report = await reconciler().runOnce();

    expect(report.ran).toBe(true);
    expect(report.rescanned).toBe(true); // first run: no marker in Redis yet
    expect(sourceReport(report, service.url)).toMatchObject({
      status: 'ok',
      scanned: 60,
      missing: 60,
      reenqueued: 60,
      invalid: 0,
    });
    expect(sourceReport(report, store.url)).toMatchObject({
      status: 'ok',
      scanned: 20,
      missing: 20,
      reenqueued: 20,
    });
    // Sources that are not there are skipped with a reason, not a crash.
    expect(sourceReport(report, withDatabase(service.url, 'bulwark_reconcile_absent'))).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('does not exist'),
    });
    expect(sourceReport(report, withDatabase(service.url, 'postgres'))).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('outbox'),
    });

    const expected = [...serviceLost, ...auditLost].map((event) => event.id).sort();
    await waitFor(
      'the re-enqueued events to be stored',
      async () => (await storedCount(store.pool)) === expected.length,
    );
    expect(await storedIds()).toEqual(expected);
    expect(await duplicateRows(store.pool)).toBe(0);
    for (const [tenant, count] of [
      ['ten_rx', 30],
      ['ten_ry', 30],
      ['ten_rz', 20],
    ] as const) {
      expect(await verifyChain(store.pool, tenant)).toMatchObject({ ok: true, events_checked: count });
    }
    // The events inside the grace period were left alone.
    await waitFor('the queue to drain', async () => {
      const counts = await queueCounts();
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0;
    });
    expect((await queueCounts()).completed).toBe(80);
    expect((await queueCounts()).failed).toBe(0);

    const status = await readSourceStatus(store.pool);
    expect(status.find((row) => row.source === sourceKeyOf(service.url))).toMatchObject({
      status: 'ok',
      reenqueued: 60,
      total_reenqueued: 60,
      watermark_at: expect.any(String),
    });
    // Counts and ids are logged; event contents never are.
    expect(logs.some((line) => line.msg?.includes('re-enqueued'))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('alice@example.com');
  });

  it('does not re-enqueue what the store holds, and compares the whole window again after a Redis loss', async () => {
    const steady = await reconciler().runOnce();
    expect(steady.rescanned).toBe(false);
    expect(sourceReport(steady, service.url)).toMatchObject({ status: 'ok', scanned: 0, missing: 0 });

    // Redis loses its contents: the marker, and with it every queued and completed job.
    await deleteKeysWithPrefix(redis.redis, redis.prefix);
    const after = await reconciler().runOnce();
    expect(after.rescanned).toBe(true);
    expect(sourceReport(after, service.url)).toMatchObject({
      status: 'ok',
      scanned: 60,
      missing: 0,
      reenqueued: 0,
    });
    expect(sourceReport(after, store.url)).toMatchObject({
      status: 'ok',
      scanned: 20,
      missing: 0,
      reenqueued: 0,
    });
    const counts = await queueCounts();
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(0); // nothing was enqueued
    expect(await storedCount(store.pool)).toBe(80);
  });

  it('runs one reconciler at a time; two started together re-enqueue each missing event once in all', async () => {
    await emitLost(service.pool, later, 120);

    // Another process holds the lock: this run steps aside.
    const holder = await store.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockKey('bulwark_audit_reconcile')]);
      expect(await reconciler().runOnce()).toEqual({ ran: false, rescanned: false, sources: [] });
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [
        advisoryLockKey('bulwark_audit_reconcile'),
      ]);
    } finally {
      holder.release();
    }

    const [first, second] = await Promise.all([reconciler().runOnce(), reconciler().runOnce()]);
    const requeued = [first, second].reduce(
      (sum, report) => sum + (report.ran ? (sourceReport(report, service.url)?.reenqueued ?? 0) : 0),
      0,
    );
    expect(requeued).toBe(later.length);

    const expected = [...serviceLost, ...auditLost, ...later].map((event) => event.id).sort();
    await waitFor(
      'the later events to be stored',
      async () => (await storedCount(store.pool)) === expected.length,
    );
    expect(await storedIds()).toEqual(expected);
    expect(await duplicateRows(store.pool)).toBe(0);
    expect(await verifyChain(store.pool, 'ten_rx')).toMatchObject({ ok: true, events_checked: 55 });
    expect(await verifyChain(store.pool, 'ten_rw')).toMatchObject({ ok: true, events_checked: 25 });
    const recentStored = await store.pool.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = 'ten_recent'",
    );
    expect(recentStored.rows[0].n).toBe(0);
  });
});
