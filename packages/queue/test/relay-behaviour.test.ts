import { setTimeout as sleep } from 'node:timers/promises';
import { withTransaction } from '@bulwark/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogQueue,
  emitAuditEvent,
  emitAuditEvents,
  openQueue,
  type OutboxRelay,
  redisConnection,
  startOutboxRelay,
} from '../src/index.js';
import { auditEvent, auditEvents } from './support/events.js';
import { allEventIds } from './support/queue-contents.js';
import { useQueueFixtures } from './support/fixtures.js';

const fixtures = useQueueFixtures();
const { db } = fixtures;
let queue: CatalogQueue;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  await queue?.obliterate({ force: true });
  await queue?.close();
});

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(50);
  }
}

async function listenerPid(): Promise<number | undefined> {
  const result = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN bulwark_outbox'`,
  );
  return result.rows[0]?.pid;
}

async function isDispatched(id: string): Promise<boolean> {
  const result = await db.pool.query('SELECT 1 FROM outbox WHERE id = $1 AND dispatched_at IS NOT NULL', [
    id,
  ]);
  return result.rowCount === 1;
}

describe('outbox relay', () => {
  it('keeps rows, records the error and keeps going while Redis is unreachable', async () => {
    const deadRedis = redisConnection('redis://127.0.0.1:1');
    const relay = startOutboxRelay({
      pool: db.pool,
      connection: deadRedis,
      prefix: fixtures.prefix,
      pollIntervalMs: 50,
      enqueueTimeoutMs: 200,
      maxBackoffMs: 200,
    });
    const events = auditEvents(3);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, events));
    await eventually(
      async () => relay.stats.failures,
      (n) => n >= 2,
      'two failed batches',
    );
    await relay.stop();
    deadRedis.disconnect();

    const rows = await db.pool.query<{ attempts: number; last_error: string; dispatched_at: Date | null }>(
      'SELECT attempts, last_error, dispatched_at FROM outbox WHERE id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    );
    expect(rows.rows).toHaveLength(3);
    for (const row of rows.rows) {
      expect(row.dispatched_at).toBeNull();
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      expect(row.last_error).toMatch(/enqueue to "audit" did not answer/);
    }
    expect(relay.stats.dispatched).toBe(0);

    // Once a relay can reach Redis, nothing was lost.
    const healthy = startOutboxRelay({
      pool: db.pool,
      connection: fixtures.connection,
      prefix: fixtures.prefix,
    });
    relays.push(healthy);
    await healthy.drain();
    const ids = new Set(await allEventIds(queue));
    for (const event of events) expect(ids.has(event.id)).toBe(true);
  });

  it('wakes on NOTIFY without waiting for the poll, and again after its LISTEN connection is killed', async () => {
    const relay = startOutboxRelay({
      pool: db.pool,
      connectionString: db.url,
      connection: fixtures.connection,
      prefix: fixtures.prefix,
      pollIntervalMs: 3_600_000, // effectively never: only NOTIFY can wake it
    });
    relays.push(relay);
    const firstPid = await eventually(listenerPid, (pid) => pid !== undefined, 'the LISTEN connection');

    const first = auditEvent();
    await withTransaction(db.pool, (client) => emitAuditEvent(client, first));
    await eventually(
      () => isDispatched(first.id),
      (done) => done,
      'the first event to be dispatched',
    );

    await db.pool.query('SELECT pg_terminate_backend($1)', [firstPid]);
    await eventually(listenerPid, (pid) => pid !== undefined && pid !== firstPid, 'a new LISTEN connection');

    const second = auditEvent();
    await withTransaction(db.pool, (client) => emitAuditEvent(client, second));
    await eventually(
      () => isDispatched(second.id),
      (done) => done,
      'the second event to be dispatched',
    );
    const ids = new Set(await allEventIds(queue));
    expect(ids.has(first.id) && ids.has(second.id)).toBe(true);
    await relay.stop();
  });

  it('prunes dispatched rows after the retention, and never undispatched ones', async () => {
    const pending = auditEvent();
    await db.pool.query(`INSERT INTO outbox (id, topic, payload) VALUES ($1, 'unknown_topic', '{}')`, [
      pending.id,
    ]);
    const relay = startOutboxRelay({
      pool: db.pool,
      connection: fixtures.connection,
      prefix: fixtures.prefix,
      pollIntervalMs: 20,
      retentionMs: 0,
      pruneIntervalMs: 0,
      pruneBatchSize: 2,
    });
    relays.push(relay);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, auditEvents(5)));
    await relay.drain();
    const remaining = await eventually(
      async () => (await db.pool.query<{ id: string }>('SELECT id FROM outbox')).rows.map((row) => row.id),
      (ids) => ids.length === 1,
      'dispatched rows to be pruned',
    );
    // A row no queue exists for is never dispatched, so never pruned.
    expect(remaining).toEqual([pending.id]);
    expect(relay.stats.pruned).toBeGreaterThanOrEqual(5);
    await relay.stop();
  });
});
