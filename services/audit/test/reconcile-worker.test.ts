import type { ChildProcess } from 'node:child_process';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents, outboxMigrations } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { sourceKeyOf } from '../src/reconcile/reconcile-sources.js';
import { readSourceStatus } from '../src/reconcile/reconcile-state-sql.js';
import { manyEvents } from './support/events.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

const store = useTestDatabase(migrationSources, { poolMax: 2 });
const service = useTestDatabase([outboxMigrations], { poolMax: 2 });
const redis = useRedisPrefix();
let worker: ChildProcess | undefined;

afterAll(async () => {
  if (worker) await stopWorker(worker);
});

describe('the reconciler in a worker process', () => {
  it('finds events a service dispatched but Redis lost, from config alone, and the worker stores them once', async () => {
    const events = manyEvents(['ten_w1', 'ten_w2'], 40);
    await withTransaction(service.pool, (client) => emitAuditEvents(client, events));
    await service.pool.query("UPDATE outbox SET dispatched_at = now() - interval '5 minutes'");

    const spawned = spawnWorker({
      DATABASE_URL: store.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      BULWARK_KEK: Kek.generateEncoded(),
      AUDIT_RECONCILE_SOURCES: `${service.name},bulwark_reconcile_not_deployed`,
      AUDIT_RECONCILE_INTERVAL_MS: '200',
      AUDIT_FETCHERS: '2',
    });
    worker = spawned.child;
    await spawned.ready;

    await waitFor(
      'the lost events to be stored',
      async () => (await storedCount(store.pool)) === events.length,
    );
    expect(await duplicateRows(store.pool)).toBe(0);
    for (const tenant of ['ten_w1', 'ten_w2']) {
      expect(await verifyChain(store.pool, tenant)).toMatchObject({ ok: true, events_checked: 40 });
    }
    const status = await readSourceStatus(store.pool);
    expect(status.find((row) => row.source === sourceKeyOf(service.url))).toMatchObject({
      total_reenqueued: events.length,
    });
    expect(status.find((row) => row.source.endsWith('/bulwark_reconcile_not_deployed'))).toMatchObject({
      status: 'skipped',
    });
    // The run logged what it re-enqueued (counts only); the worker is still up.
    expect(spawned.output()).toContain('re-enqueued');
    expect(worker.exitCode).toBeNull();
  });
});
