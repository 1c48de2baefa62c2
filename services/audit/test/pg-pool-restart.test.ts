import type { ChildProcess } from 'node:child_process';
import { createPool } from '@bulwark/db';
import { type OutboxRelay, openQueue, redisConnection, startOutboxRelay } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { manyEvents } from './support/events.js';
import { emitThroughOutbox } from './support/outbox-load.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

const WORKER_APP = 'bulwark-audit-worker'; // src/worker.ts names its pool so
const RELAY_APP = 'bulwark-outbox-relay';

const db = useTestDatabase(migrationSources, { poolMax: 3 });
const redis = useRedisPrefix();
const children: ChildProcess[] = [];
const outputs = new Map<ChildProcess, () => string>();
let relayPool: Pool | undefined;
let relayConnection: Redis | undefined;
let relay: OutboxRelay | undefined;

afterAll(async () => {
  await relay?.stop();
  await relayPool?.end();
  relayConnection?.disconnect();
  await Promise.all(children.map((child) => stopWorker(child)));
});

async function startWorker(): Promise<ChildProcess> {
  const { child, ready, output } = spawnWorker({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    BULWARK_KEK: Kek.generateEncoded(),
    AUDIT_BATCH_SIZE: '100',
    AUDIT_LOCK_DURATION_MS: '3000',
    AUDIT_STALLED_INTERVAL_MS: '1000',
    AUDIT_CHECKPOINT_INTERVAL_MS: '300',
    AUDIT_FETCHERS: '2',
  });
  children.push(child);
  outputs.set(child, output);
  await ready;
  return child;
}

/**
 * Ends every server process of the workers' and the relay's pools (and the relay's LISTEN
 * connection) on this test's database — what a pooler or Postgres restart does to them.
 */
async function terminatePoolBackends(): Promise<number> {
  const result = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ANY($1::text[]) AND pid <> pg_backend_pid()`,
    [[WORKER_APP, RELAY_APP]],
  );
  const pids = result.rows.map((row) => row.pid);
  if (pids.length > 0)
    await db.pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
  return pids.length;
}

describe('Postgres connection pool restarted during a load', () => {
  it('terminating every worker and relay backend twice loses nothing, duplicates nothing, and the chains verify', async () => {
    const workers = await Promise.all([startWorker(), startWorker()]);
    relayPool = createPool({ connectionString: db.url, max: 3, applicationName: RELAY_APP });
    relayConnection = redisConnection(redis.url);
    const listenUrl = new URL(db.url);
    listenUrl.searchParams.set('application_name', RELAY_APP);
    relay = startOutboxRelay({
      pool: relayPool,
      connectionString: listenUrl.toString(),
      connection: relayConnection,
      prefix: redis.prefix,
      batchSize: 200,
      pollIntervalMs: 100,
      maxBackoffMs: 1000,
    });

    const tenants = ['ten_p1', 'ten_p2', 'ten_p3'];
    const perTenant = 1000;
    const events = manyEvents(tenants, perTenant);
    const load = emitThroughOutbox(db.pool, events, { chunk: 100, pauseMs: 30 });

    let terminated = 0;
    for (const threshold of [300, 1200]) {
      await waitFor(`${threshold} events stored`, async () => (await storedCount(db.pool)) >= threshold);
      const ended = await terminatePoolBackends();
      expect(ended).toBeGreaterThan(0);
      terminated += ended;
    }
    expect(await storedCount(db.pool)).toBeLessThan(events.length);

    await load;
    await waitFor('every event stored', async () => (await storedCount(db.pool)) === events.length, 120_000);

    expect(await duplicateRows(db.pool)).toBe(0);
    const ids = await db.pool.query<{ id: string }>('SELECT id::text AS id FROM audit_events');
    expect(new Set(ids.rows.map((row) => row.id))).toEqual(new Set(events.map((event) => event.id)));
    for (const tenant of tenants) {
      expect(await verifyChain(db.pool, tenant)).toMatchObject({ ok: true, events_checked: perTenant });
    }
    const outbox = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL',
    );
    expect(outbox.rows[0]?.n).toBe(0);

    const connection = redisConnection(redis.url);
    const queue = openQueue('audit', { connection, prefix: redis.prefix });
    try {
      await waitFor('the queue to drain', async () => {
        const counts = await queue.getJobCounts('active', 'waiting', 'delayed');
        return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0) === 0;
      });
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    // The workers reconnected instead of dying, and the pools were really hit.
    for (const worker of workers) {
      const why = `exit ${worker.exitCode} ${worker.signalCode}: ${outputs.get(worker)?.().slice(-3000)}`;
      expect(worker.exitCode, why).toBeNull();
    }
    expect(terminated).toBeGreaterThanOrEqual(2);
    // Checkpoints keep being signed over connections opened after the terminations.
    await waitFor('a checkpoint after the faults', async () => {
      const result = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM checkpoints');
      return (result.rows[0]?.n ?? 0) > 0;
    });
  });
});
