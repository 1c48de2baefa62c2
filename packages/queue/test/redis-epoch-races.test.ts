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
import { silentLog } from '../src/outbox/log.js';
import { databaseNow, undispatchRecent } from '../src/outbox/outbox-sql.js';
import { epochKey, RedisEpochs } from '../src/outbox/redis-epoch.js';
import { auditEvents } from './support/events.js';
import { useQueueFixtures } from './support/fixtures.js';
import { allEventIds } from './support/queue-contents.js';

const fixtures = useQueueFixtures();
const { db } = fixtures;
let queue: CatalogQueue;
let relay: OutboxRelay | undefined;

beforeAll(async () => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
});
afterAll(async () => {
  await relay?.stop();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

/**
 * A `databaseNow` for a check that stalls: it reads the database clock, signals `reached`, and
 * answers only once `release()` is called (a GC pause, a command queued while Redis reconnects).
 */
function stallingClock() {
  let signalReached!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => {
    signalReached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const now = async () => {
    const time = await databaseNow(db.pool);
    signalReached();
    await released;
    return time;
  };
  return { now, reached, release };
}

describe('relay after Redis loses its contents, with a slow epoch winner', () => {
  it('re-sends its lost rows although the sentinel was replaced by a relay whose SET NX came late', async () => {
    // A relay (the RedisEpochs it runs, stood in for here) finds the sentinel missing and reads its
    // cut-off, then stalls before its SET NX (a GC pause, a command queued while Redis reconnects).
    const stalled = new RedisEpochs(fixtures.connection, fixtures.prefix, ['audit'], silentLog);
    const clock = stallingClock();
    const stalledCheck = stalled.check(clock.now);
    await clock.reached;

    // Meanwhile another relay sets the epoch and dispatches every event into Redis…
    const events = auditEvents(300);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, events));
    relay = startOutboxRelay({
      pool: db.pool,
      connection: fixtures.connection,
      prefix: fixtures.prefix,
      // Idle between the test's own drains: only drain() checks the epoch, so it sees the loss itself.
      pollIntervalMs: 3_600_000,
    });
    await relay.drain();
    expect(new Set(await allEventIds(queue)).size).toBe(events.length);

    // …which then loses its contents; the stalled relay's SET NX lands after that.
    await deleteKeysWithPrefix(fixtures.connection, fixtures.prefix);
    clock.release();
    const lost = await stalledCheck;
    const loss = lost.get('audit');
    expect(loss).toBeDefined();
    if (loss)
      await undispatchRecent(db.pool, {
        windowMs: 3600_000,
        before: loss.before,
        topics: ['audit'],
        limit: 5000,
      });
    expect(await fixtures.connection.get(epochKey(fixtures.prefix, 'audit'))).not.toBeNull();

    // The running relay sees its epoch replaced: every event it had sent must be queued again. Its
    // rows were dispatched after the stalled relay's cut-off read, so that cut-off must not bound it.
    await relay.drain();
    const ids = new Set(await allEventIds(queue));
    expect(events.filter((event) => !ids.has(event.id)).map((event) => event.id)).toEqual([]);
    expect(relay.stats.redisLosses).toBeGreaterThanOrEqual(1);
  });
});

describe('epoch checks that fail or are given up on', () => {
  const now = () => databaseNow(db.pool);

  it('reports a loss found by a check that then failed on a later topic', async () => {
    const epochs = new RedisEpochs(fixtures.connection, fixtures.prefix, ['first', 'second'], silentLog);
    await epochs.check(now);
    await fixtures.connection.del(epochKey(fixtures.prefix, 'first'));
    // 'second' answers the MGET with nil but cannot be read back: the check fails after it has
    // replaced 'first' (as a Redis error or disconnect between the two topics would).
    await fixtures.connection.del(epochKey(fixtures.prefix, 'second'));
    await fixtures.connection.hset(epochKey(fixtures.prefix, 'second'), 'not', 'a string');
    await expect(epochs.check(now)).rejects.toThrow(/WRONGTYPE/);
    await fixtures.connection.del(epochKey(fixtures.prefix, 'second'));
    const lost = await epochs.check(now);
    expect([...lost.keys()].sort()).toEqual(['first', 'second']);
  });

  it('keeps a loss found by a check its caller gave up on for the next check', async () => {
    const epochs = new RedisEpochs(fixtures.connection, fixtures.prefix, ['third'], silentLog);
    await epochs.check(now);
    await fixtures.connection.del(epochKey(fixtures.prefix, 'third'));
    // The relay's timeout fires while the check is still running; the check finishes anyway.
    const abandon = new AbortController();
    const lostLate = await epochs.check(async () => {
      abandon.abort();
      return now();
    }, abandon.signal);
    expect(lostLate.size).toBe(0);
    const lost = await epochs.check(now);
    expect([...lost.keys()]).toEqual(['third']);
    expect(lost.get('third')?.reason).toBe('missing');
  });
});

describe('overlapping checks of one relay', () => {
  it('run one at a time, so a check that began before an epoch existed cannot adopt a later one silently', async () => {
    const epochs = new RedisEpochs(fixtures.connection, fixtures.prefix, ['fourth'], silentLog);
    const other = new RedisEpochs(fixtures.connection, fixtures.prefix, ['fourth'], silentLog);
    await fixtures.connection.del(epochKey(fixtures.prefix, 'fourth'));
    // The relay's loop starts a check that stalls after finding no epoch…
    const clock = stallingClock();
    const first = epochs.check(clock.now);
    await clock.reached;
    // …while drain() asks too: it must wait, not set an epoch and dispatch under it meanwhile.
    let secondDone = false;
    const second = epochs
      .check(() => databaseNow(db.pool))
      .then((lost) => {
        secondDone = true;
        return lost;
      });
    for (let i = 0; i < 5; i++) await fixtures.connection.ping();
    expect(secondDone).toBe(false);
    expect(await fixtures.connection.get(epochKey(fixtures.prefix, 'fourth'))).toBeNull();
    // Another relay sets an epoch; then the stalled check goes on and adopts it (first sight: this
    // relay has enqueued nothing yet), and the waiting one finds nothing new.
    await other.check(() => databaseNow(db.pool));
    clock.release();
    await first;
    expect((await second).size).toBe(0);
    // A later loss is reported: the relay knows the epoch it has been working under.
    await fixtures.connection.del(epochKey(fixtures.prefix, 'fourth'));
    const lost = await epochs.check(() => databaseNow(db.pool));
    expect(lost.get('fourth')?.reason).toBe('missing');
  });
});
