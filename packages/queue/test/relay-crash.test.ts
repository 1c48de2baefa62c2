import { setTimeout as sleep } from 'node:timers/promises';
import { withTransaction } from '@bulwark/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogQueue, emitAuditEvents, openQueue } from '../src/index.js';
import { auditEvents } from './support/events.js';
import { allEventIds, allJobIds } from './support/queue-contents.js';
import { spawnRelay, type RelayProcess } from './support/relay-process.js';
import { useQueueFixtures } from './support/fixtures.js';

const EVENTS = 2000;
const BATCH = 500;

const fixtures = useQueueFixtures();
const { db } = fixtures;
let queue: CatalogQueue;
const spawned: RelayProcess[] = [];

beforeAll(async () => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
});

afterAll(async () => {
  for (const relay of spawned) if (relay.child.exitCode === null) relay.child.kill('SIGKILL');
  await Promise.all(spawned.map((relay) => relay.exited));
  await queue?.obliterate({ force: true });
  await queue?.close();
});

async function undispatchedCount(): Promise<number> {
  const result = await db.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL',
  );
  return Number(result.rows[0]?.n);
}

async function waitUntilDispatched(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await undispatchedCount()) > 0) {
    if (Date.now() > deadline)
      throw new Error(`outbox still has ${await undispatchedCount()} undispatched rows`);
    await sleep(100);
  }
}

describe('relay crash between enqueue and commit', () => {
  it('re-sends the batch after a SIGKILL, and envelope jobId dedupe leaves every event in the queue exactly once', async () => {
    const events = auditEvents(EVENTS);
    for (let i = 0; i < EVENTS; i += BATCH) {
      await withTransaction(db.pool, (client) => emitAuditEvents(client, events.slice(i, i + BATCH)));
    }
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: fixtures.redisUrl,
      REDIS_PREFIX: fixtures.prefix,
      OUTBOX_BATCH_SIZE: String(BATCH),
    };

    // 1. A relay enqueues its first batch, then is killed before it can mark the rows dispatched.
    const doomed = spawnRelay({ ...env, BULWARK_RELAY_CRASH_AFTER_ENQUEUE: '1' });
    spawned.push(doomed);
    await doomed.waitForLine(/^relay:paused-after-enqueue 500$/);
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    const enqueuedBeforeCrash = await allJobIds(queue);
    expect(await allEventIds(queue)).toHaveLength(BATCH);
    expect(enqueuedBeforeCrash).toHaveLength(BATCH / 250); // envelopes of 250
    // Its transaction died with it: nothing is marked dispatched, so nothing can be lost.
    expect(await undispatchedCount()).toBe(EVENTS);

    // 2. A fresh relay starts from the outbox and re-sends everything, the first batch included.
    const fresh = spawnRelay(env);
    spawned.push(fresh);
    await fresh.waitForLine(/^relay:ready$/);
    await waitUntilDispatched(60_000);
    fresh.child.kill('SIGTERM');
    const stoppedLine = await fresh.waitForLine(/^relay:stopped /);
    expect((await fresh.exited).code).toBe(0);
    const freshStats = JSON.parse(stoppedLine.slice('relay:stopped '.length)) as { dispatched: number };
    expect(freshStats.dispatched).toBe(EVENTS);

    // 3. Every event is in the queue exactly once.
    const ids = await allEventIds(queue);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));

    // 4. The re-sent 500 (the same rows, so the same envelope ids) were absorbed: the originals remain.
    for (const id of enqueuedBeforeCrash) {
      const job = await queue.getJob(id);
      expect(job?.timestamp).toBeLessThanOrEqual(killedAt);
    }

    // 5. Every outbox row is dispatched.
    expect(await undispatchedCount()).toBe(0);
  });
});
