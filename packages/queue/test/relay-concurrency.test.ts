import { createPool, withTransaction } from '@bulwark/db';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogQueue,
  emitAuditEvents,
  openQueue,
  type OutboxRelay,
  redisConnection,
  startOutboxRelay,
} from '../src/index.js';
import { auditEvents } from './support/events.js';
import { allEventIds } from './support/queue-contents.js';
import { useQueueFixtures } from './support/fixtures.js';

const EVENTS = 5000;

const fixtures = useQueueFixtures();
const { db } = fixtures;
let queue: CatalogQueue;
const relays: OutboxRelay[] = [];
const pools: Pool[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  await Promise.all(pools.map((pool) => pool.end()));
  for (const connection of connections) connection.disconnect();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

describe('several relays at once', () => {
  it('enqueue each of 5,000 events exactly once between them, none missing', async () => {
    const events = auditEvents(EVENTS);
    for (let i = 0; i < EVENTS; i += 1000) {
      await withTransaction(db.pool, (client) => emitAuditEvents(client, events.slice(i, i + 1000)));
    }
    // Three independent relays, as three replicas would be: own pool, own Redis connection, LISTEN on.
    for (let i = 0; i < 3; i++) {
      const pool = createPool({ connectionString: db.url, max: 3 });
      const connection = redisConnection(fixtures.redisUrl);
      pools.push(pool);
      connections.push(connection);
      relays.push(
        startOutboxRelay({
          pool,
          connectionString: db.url,
          connection,
          prefix: fixtures.prefix,
          batchSize: 100,
        }),
      );
    }
    await Promise.all(relays.map((relay) => relay.drain()));

    // Each row was claimed and marked by exactly one relay: the per-relay counts add up to the total.
    const dispatched = relays.map((relay) => relay.stats.dispatched);
    expect(dispatched.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    expect(relays.every((relay) => relay.stats.failures === 0)).toBe(true);

    // Envelopes of the three relays: each event in exactly one of them.
    const ids = await allEventIds(queue);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));

    const left = await db.pool.query('SELECT id FROM outbox WHERE dispatched_at IS NULL');
    expect(left.rowCount).toBe(0);
  });
});
