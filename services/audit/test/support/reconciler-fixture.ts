import type { AuditEvent } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents, outboxMigrations, redisConnection, silentLog } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrationSources } from '../../src/db/migration-sources.js';
import { sourceKeyOf } from '../../src/reconcile/reconcile-sources.js';
import { createReconciler, type Reconciler } from '../../src/reconcile/reconciler.js';

/**
 * A store database, one service database (outbox only) and a Redis prefix, with a reconciler
 * between them and no worker: what the reconciler enqueues stays in the queue for the test to read.
 * Call at the top of a test file.
 */
export function useReconcilerFixture(options: { pageSize?: number } = {}) {
  const store = useTestDatabase(migrationSources, { poolMax: 2 });
  const service = useTestDatabase([outboxMigrations], { poolMax: 2 });
  const redis = useRedisPrefix();
  let connection: Redis | undefined;
  let reconciler: Reconciler | undefined;

  beforeAll(() => {
    connection = redisConnection(redis.url);
    reconciler = createReconciler({
      store: store.pool,
      storeKey: sourceKeyOf(store.url),
      sources: [{ key: sourceKeyOf(service.url), url: service.url }],
      connection,
      redisPrefix: redis.prefix,
      graceMs: 60_000,
      windowMs: 86_400_000,
      maxRows: 100_000,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      log: silentLog,
    });
  });
  afterAll(async () => {
    await reconciler?.close();
    connection?.disconnect();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useReconcilerFixture: ${name} is available after beforeAll.`);
    return value;
  };
  return {
    store,
    service,
    redis,
    get connection(): Redis {
      return ready(connection, 'connection');
    },
    get reconciler(): Reconciler {
      return ready(reconciler, 'reconciler');
    },
  };
}

/** Payload rows (one per event), marked dispatched `agoSeconds` ago without reaching Redis. */
export async function emitLost(pool: Pool, events: readonly AuditEvent[], agoSeconds: number): Promise<void> {
  await withTransaction(pool, (client) => emitAuditEvents(client, events));
  await pool.query(
    'UPDATE outbox SET dispatched_at = now() - make_interval(secs => $2) WHERE id = ANY($1::uuid[])',
    [events.map((event) => event.id), agoSeconds],
  );
}
