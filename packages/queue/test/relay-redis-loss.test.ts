import { setTimeout as sleep } from 'node:timers/promises';
import { deleteKeysWithPrefix } from '@bulwark/testing';
import { withTransaction } from '@bulwark/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogQueue,
  emitAuditEvents,
  openQueue,
  type OutboxRelay,
  startOutboxRelay,
} from '../src/index.js';
import { epochKey } from '../src/outbox/redis-epoch.js';
import { auditEvents } from './support/events.js';
import { useQueueFixtures } from './support/fixtures.js';
import { allEventIds } from './support/queue-contents.js';

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

async function eventually(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function start(): OutboxRelay {
  const relay = startOutboxRelay({
    pool: db.pool,
    connection: fixtures.connection,
    prefix: fixtures.prefix,
    pollIntervalMs: 50,
  });
  relays.push(relay);
  return relay;
}

describe('relay after Redis loses its contents', () => {
  it('adopts an existing epoch, and re-dispatches recently dispatched rows once the sentinel is gone', async () => {
    const events = auditEvents(1200);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, events));
    // Two relays side by side: both learn the same epoch, neither mistakes the other's work for a loss.
    const [first, second] = [start(), start()];
    await first.drain();
    await second.drain();
    expect(first.stats.dispatched + second.stats.dispatched).toBe(events.length);
    const epoch = await fixtures.connection.get(epochKey(fixtures.prefix, 'audit'));
    // The sentinel carries the cut-off of the relay that set it: later relays re-send only before it.
    expect(epoch).toMatch(/^[0-9a-f-]{36}\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // The relay that set the first epochs found nothing dispatched before them to re-send.
    expect(first.stats.redispatched + second.stats.redispatched).toBe(0);

    // "Restart Redis empty", confined to this file's prefix: the queue and the sentinel vanish.
    await deleteKeysWithPrefix(fixtures.connection, fixtures.prefix);
    expect(await allEventIds(queue)).toHaveLength(0);

    await eventually(async () => {
      const ids = new Set(await allEventIds(queue));
      return events.every((event) => ids.has(event.id));
    }, 'every event to be back in the queue');
    await eventually(
      async () =>
        (await db.pool.query('SELECT 1 FROM outbox WHERE dispatched_at IS NULL LIMIT 1')).rowCount === 0,
      'every row to be dispatched again',
    );
    const ids = await allEventIds(queue);
    // Once each, with both relays reporting the loss: the second re-sends only before the winner's
    // cut-off, and the rows the winner re-sent were dispatched after it.
    expect(ids).toHaveLength(events.length);
    expect(first.stats.redispatched + second.stats.redispatched).toBeGreaterThanOrEqual(events.length);
    const epochAfter = await fixtures.connection.get(epochKey(fixtures.prefix, 'audit'));
    expect(epochAfter).not.toBeNull();
    expect(epochAfter).not.toBe(epoch);
  });
});
