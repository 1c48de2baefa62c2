import type { ChildProcess } from 'node:child_process';
import { createProducer, openQueue, redisConnection } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyChain } from '../src/domain/chain/verify-chain.js';
import { Kek } from '../src/domain/checkpoints/kek.js';
import { manyEvents } from './support/events.js';
import { duplicateRows, storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';
import { spawnWorker, stopWorker } from './support/worker-process.js';

const db = useTestDatabase(migrationSources, { poolMax: 3 });
const redis = useRedisPrefix();
const children: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(children.map((child) => stopWorker(child)));
});

function workerEnv(): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    BULWARK_KEK: Kek.generateEncoded(),
    AUDIT_BATCH_SIZE: '100',
    AUDIT_LOCK_DURATION_MS: '3000',
    AUDIT_STALLED_INTERVAL_MS: '1000',
    AUDIT_CHECKPOINT_INTERVAL_MS: '500',
  };
}

function start(): Promise<ChildProcess> {
  const { child, ready } = spawnWorker(workerEnv());
  children.push(child);
  return ready.then(() => child);
}

describe('worker crash', () => {
  it('kill -9 of a worker mid-stream loses nothing and duplicates nothing; the chain verifies', async () => {
    const connection = redisConnection(redis.url);
    const producer = createProducer('audit', { connection, prefix: redis.prefix });
    const queue = openQueue('audit', { connection, prefix: redis.prefix });
    try {
      const tenants = ['ten_k1', 'ten_k2', 'ten_k3'];
      const events = manyEvents(tenants, 1500);
      // As the relay sends them: envelopes of 250 events.
      await producer.addEnveloped(events.map((event) => ({ id: event.id, payload: event })));
      const envelopes = events.length / 250;

      const [victim, survivor] = await Promise.all([start(), start()]);
      await waitFor('the stream to be under way', async () => (await storedCount(db.pool)) >= 300);
      victim.kill('SIGKILL');
      await new Promise((resolve) => victim.once('exit', resolve));
      expect(victim.signalCode).toBe('SIGKILL');
      const atKill = await storedCount(db.pool);
      expect(atKill).toBeLessThan(events.length);

      await start(); // the restarted worker
      await waitFor('every event stored', async () => (await storedCount(db.pool)) === events.length, 90_000);
      await waitFor('the queue drained', async () => {
        const counts = await queue.getJobCounts('active', 'waiting', 'completed');
        return counts.active === 0 && counts.waiting === 0 && counts.completed === envelopes;
      });

      expect(await duplicateRows(db.pool)).toBe(0);
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
      for (const tenant of tenants) {
        expect(await verifyChain(db.pool, tenant)).toMatchObject({
          ok: true,
          events_checked: 1500,
          anchored: true,
        });
      }
      await waitFor('a signed checkpoint', async () => {
        const result = await db.pool.query('SELECT count(*)::int AS n FROM checkpoints');
        return result.rows[0].n > 0;
      });
      expect(survivor.exitCode).toBeNull();
    } finally {
      await producer.close();
      await queue.close();
      connection.disconnect();
    }
  });
});
