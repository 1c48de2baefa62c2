import { createProducer, redisConnection } from '@bulwark/queue';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { startMeteringConsumer } from '../src/metering/metering-consumer.js';
import { job } from './harness.js';

const database = useTestDatabase(BILLING_MIGRATION_SOURCES);
const redis = useRedisPrefix();

describe('metering queue consumer', () => {
  const connection = redisConnection(redis.url);
  afterAll(() => {
    connection.disconnect();
  });

  it('writes each event once, however often it is enqueued', async () => {
    const worker = startMeteringConsumer({ pool: database.pool, connection, prefix: redis.prefix });
    const producer = createProducer('metering', { connection, prefix: redis.prefix });
    try {
      const jobs = Array.from({ length: 50 }, () => job('ten_queue', { units: 2 }));
      await producer.addBulk(jobs.map((payload) => ({ payload, jobId: payload.event_id })));
      // The same events again, under other job ids: BullMQ cannot dedupe these, the ledger must.
      await producer.addBulk(
        jobs.slice(0, 20).map((payload) => ({ payload, jobId: `replay-${payload.event_id}` })),
      );
      await expect
        .poll(async () => (await producer.queue.getJobCounts('completed')).completed, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe(70);
      const { rows } = await database.pool.query(
        `SELECT count(*)::int AS n, sum(units)::int AS units FROM usage_events WHERE tenant_id = 'ten_queue'`,
      );
      expect(rows[0]).toEqual({ n: 50, units: 100 });
    } finally {
      await worker.close();
      await producer.queue.obliterate({ force: true });
      await producer.close();
    }
  });
});
