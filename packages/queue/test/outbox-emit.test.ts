import { withTransaction } from '@bulwark/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogQueue,
  emitAuditEvent,
  emitAuditEvents,
  envelopeJobId,
  InvalidAuditEventError,
  openQueue,
  type OutboxRelay,
  startOutboxRelay,
} from '../src/index.js';
import { auditEvent, auditEvents } from './support/events.js';
import { allEventIds, allJobIds } from './support/queue-contents.js';
import { useQueueFixtures } from './support/fixtures.js';

const fixtures = useQueueFixtures();
const { db } = fixtures;
let relay: OutboxRelay;
let queue: CatalogQueue;

beforeAll(async () => {
  queue = openQueue('audit', { connection: fixtures.connection, prefix: fixtures.prefix });
  // No LISTEN and a long poll: the tests move rows explicitly with drain().
  relay = startOutboxRelay({
    pool: db.pool,
    connection: fixtures.connection,
    prefix: fixtures.prefix,
    pollIntervalMs: 60_000,
  });
});

afterAll(async () => {
  await relay?.stop();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

async function outboxRows() {
  const result = await db.pool.query<{ id: string; topic: string; payload: unknown; dispatched: boolean }>(
    'SELECT id, topic, payload, dispatched_at IS NOT NULL AS dispatched FROM outbox ORDER BY created_at, id',
  );
  return result.rows;
}

describe('emitAuditEvent', () => {
  it('writes nothing, and enqueues nothing, when the business transaction rolls back', async () => {
    const event = auditEvent();
    await expect(
      withTransaction(db.pool, async (client) => {
        await emitAuditEvent(client, event);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await relay.drain();
    expect(await outboxRows()).toEqual([]);
    expect(await allJobIds(queue)).toEqual([]);
  });

  it('enqueues the event, in an envelope named by its id, once the transaction commits', async () => {
    const event = auditEvent();
    await withTransaction(db.pool, (client) => emitAuditEvent(client, event));
    expect(await outboxRows()).toEqual([{ id: event.id, topic: 'audit', payload: event, dispatched: false }]);
    await relay.drain();
    const jobId = envelopeJobId([event.id]);
    expect(await allJobIds(queue)).toEqual([jobId]);
    const job = await queue.getJob(jobId);
    expect(job?.name).toBe('audit.batch');
    expect(job?.data).toEqual({ items: [event] });
    expect((await outboxRows()).map((row) => row.dispatched)).toEqual([true]);
  });

  it('writes many events in one insert, all relayed', async () => {
    const events = auditEvents(50);
    await withTransaction(db.pool, (client) => emitAuditEvents(client, events));
    await relay.drain();
    const eventIds = await allEventIds(queue);
    for (const event of events) expect(eventIds.filter((id) => id === event.id)).toHaveLength(1);
    const dispatched = (await outboxRows()).filter((row) => row.dispatched).map((row) => row.id);
    expect(dispatched).toEqual(expect.arrayContaining(events.map((event) => event.id)));
  });

  it('refuses an invalid event with a clear error before writing anything', async () => {
    const before = (await outboxRows()).length;
    const bad = { ...auditEvent(), action: 'auth.user.teleport', outcome: { status: 'maybe' } };
    const error = await withTransaction(db.pool, (client) =>
      emitAuditEvents(client, [auditEvent(), bad as unknown as ReturnType<typeof auditEvent>]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAuditEventError);
    expect((error as Error).message).toMatch(
      /^Invalid audit event at index 1 \(auth\.user\.teleport\): .*\/outcome\/status/,
    );
    expect((await outboxRows()).length).toBe(before);
  });
});
