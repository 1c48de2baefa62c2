import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProducer,
  createWorker,
  envelopeJobId,
  type JobPayload,
  JobPayloadError,
  openQueue,
  type Producer,
} from '../src/index.js';
import { auditEvent } from './support/events.js';
import { allJobIds, totalJobs } from './support/queue-contents.js';
import { useQueueFixtures } from './support/fixtures.js';

const fixtures = useQueueFixtures();
let connection: { connection: Redis; prefix: string };
let audit: Producer<'audit'>;
let webhooks: Producer<'webhooks'>;

beforeAll(() => {
  connection = { connection: fixtures.connection, prefix: fixtures.prefix };
  audit = createProducer('audit', connection);
  webhooks = createProducer('webhooks', connection);
});

afterAll(async () => {
  for (const producer of [audit, webhooks]) {
    await producer.queue.obliterate({ force: true });
    await producer.close();
  }
});

function waitFor<T>(register: (done: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve) => register(resolve));
}

describe('catalog validation', () => {
  it('rejects an audit payload that breaks the schema, naming the fields, and enqueues nothing', async () => {
    const bad = { ...auditEvent(), tenant_id: '', units: -1 };
    const error = await audit.add(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobPayloadError);
    const payloadError = error as JobPayloadError;
    expect(payloadError.code).toBe('validation_failed');
    expect(payloadError.queue).toBe('audit');
    expect(payloadError.message).toMatch(/^Invalid "audit" job payload: /);
    expect(payloadError.fields?.map((f) => f.field)).toEqual(
      expect.arrayContaining(['/tenant_id', '/units']),
    );
    expect(await totalJobs(audit.queue)).toBe(0);
  });

  it('rejects an audit action that is not in the registry', async () => {
    const error = await audit.add({ ...auditEvent(), action: 'auth.user.explode' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobPayloadError);
    expect((error as JobPayloadError).fields).toEqual([
      { field: '/action', message: expect.stringContaining('not a registered action') },
    ]);
  });

  it('rejects a whole bulk when one item is bad, saying which one', async () => {
    const good = { sink_id: 'snk_1', event_ids: [auditEvent().id] };
    const bad = { sink_id: 'snk_1', event_ids: ['not-a-uuid'], extra: true };
    const error = await webhooks
      .addBulk([{ payload: good }, { payload: bad as unknown as typeof good }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobPayloadError);
    expect((error as Error).message).toContain('(item 1)');
    expect((error as JobPayloadError).fields?.map((f) => f.field)).toEqual(
      expect.arrayContaining(['/event_ids/0']),
    );
    expect(await totalJobs(webhooks.queue)).toBe(0);
  });

  it('uses the given jobId, so adding the same id twice keeps one job', async () => {
    const event = auditEvent();
    expect(await audit.add(event, { jobId: event.id })).toBe(event.id);
    const ids = await audit.addBulk([{ payload: event, jobId: event.id }]);
    expect(ids).toEqual([event.id]);
    expect(await allJobIds(audit.queue)).toEqual([event.id]);
    const job = await audit.queue.getJob(event.id);
    expect(job?.data).toEqual(event);
    expect(job?.opts.attempts).toBe(20);
    expect(job?.opts.removeOnFail).toBe(false);
    await audit.queue.obliterate({ force: true });
  });
});

describe('workers', () => {
  it('processes jobs one by one with a typed payload', async () => {
    const producer = createProducer('webhooks', { ...connection, prefix: `${fixtures.prefix}single:` });
    const seen: string[] = [];
    const worker = createWorker(
      'webhooks',
      async (job) => {
        seen.push(job.data.sink_id);
      },
      { ...connection, prefix: `${fixtures.prefix}single:`, concurrency: 2 },
    );
    const completed = waitFor<void>((done) => {
      let n = 0;
      worker.on('completed', () => {
        if (++n === 3) done();
      });
    });
    await producer.addBulk(
      ['a', 'b', 'c'].map((sink) => ({ payload: { sink_id: sink, event_ids: [auditEvent().id] } })),
    );
    await completed;
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    await worker.close();
    await producer.queue.obliterate({ force: true });
    await producer.close();
  });

  it('hands batches to a batch processor and fails the whole batch together', async () => {
    const prefix = `${fixtures.prefix}batch:`;
    const producer = createProducer('audit', { ...connection, prefix });
    const batches: number[] = [];
    let failNext = true;
    const worker = createWorker(
      'audit',
      async (payloads: JobPayload<'audit'>[]) => {
        batches.push(payloads.length);
        if (failNext) {
          failNext = false;
          throw new Error('store unavailable');
        }
      },
      { ...connection, prefix, batch: { size: 10, maxWaitMs: 200 } },
    );
    await producer.queue.pause();
    const events = Array.from({ length: 10 }, (_, i) => auditEvent(i));
    await producer.addBulk(events.map((payload) => ({ payload, jobId: payload.id })));
    const completed = waitFor<void>((done) => {
      let n = 0;
      worker.on('completed', () => {
        if (++n === 10) done();
      });
    });
    await producer.queue.resume();
    await completed;
    // First batch (all 10) failed together; the retries ran in later batches and all succeeded.
    expect(batches[0]).toBe(10);
    expect(batches.slice(1).reduce((a, b) => a + b, 0)).toBe(10);
    await worker.close();
    await producer.queue.obliterate({ force: true });
    await producer.close();
  });

  it('fails a job with an invalid payload at once, without retries, and keeps it visible', async () => {
    const prefix = `${fixtures.prefix}poison:`;
    const raw = openQueue('metering', { ...connection, prefix });
    let calls = 0;
    const worker = createWorker(
      'metering',
      async () => {
        calls++;
      },
      { ...connection, prefix },
    );
    const failed = waitFor<Job | undefined>((done) => worker.on('failed', (job) => done(job)));
    // Bypasses the producer's validation, as a misbehaving producer would.
    await raw.add('metering', { event_id: 'nope' }, { jobId: 'poison-1' });
    const job = await failed;
    expect(job?.failedReason).toMatch(/^Invalid "metering" job payload: /);
    expect(job?.attemptsMade).toBe(1);
    expect(calls).toBe(0);
    expect(await raw.getJobCounts('failed')).toEqual({ failed: 1 });
    await worker.close();
    await raw.obliterate({ force: true });
    await raw.close();
  });
});

describe('envelope jobs', () => {
  it('addEnveloped validates every item, then sends envelopes of 250 with ids derived from the items', async () => {
    const prefix = `${fixtures.prefix}env-produce:`;
    const producer = createProducer('audit', { ...connection, prefix });
    const events = Array.from({ length: 600 }, (_, i) => auditEvent(i));
    const bad = { ...auditEvent(), tenant_id: '' };
    await expect(
      producer.addEnveloped([...events, bad].map((payload) => ({ id: payload.id, payload }))),
    ).rejects.toThrow(/item 600/);
    expect(await totalJobs(producer.queue)).toBe(0);

    const ids = await producer.addEnveloped(events.map((payload) => ({ id: payload.id, payload })));
    expect(ids).toEqual([
      envelopeJobId(events.slice(0, 250).map((e) => e.id)),
      envelopeJobId(events.slice(250, 500).map((e) => e.id)),
      envelopeJobId(events.slice(500).map((e) => e.id)),
    ]);
    const last = await producer.queue.getJob(ids[2] ?? '');
    expect(last?.name).toBe('audit.batch');
    expect((last?.data as { items: unknown[] }).items).toEqual(events.slice(500));
    // The same items again: BullMQ already holds those job ids.
    await producer.addEnveloped(events.map((payload) => ({ id: payload.id, payload })));
    expect(await totalJobs(producer.queue)).toBe(3);
    await producer.queue.obliterate({ force: true });
    await producer.close();
  });

  it('a batch worker processes the valid items of an envelope and fails it for good naming the invalid one', async () => {
    const prefix = `${fixtures.prefix}env-consume:`;
    const raw = openQueue('audit', { ...connection, prefix });
    const seen: string[] = [];
    const worker = createWorker(
      'audit',
      async (payloads: JobPayload<'audit'>[]) => {
        for (const payload of payloads) seen.push(payload.id);
      },
      { ...connection, prefix, batch: { size: 100, maxWaitMs: 20 } },
    );
    const events = Array.from({ length: 5 }, (_, i) => auditEvent(i));
    const poison = { ...auditEvent(), units: -1 };
    const plain = auditEvent(9);
    const failed = waitFor<Job | undefined>((done) => worker.on('failed', (job) => done(job)));
    const completed = waitFor<Job | undefined>((done) => worker.on('completed', (job) => done(job)));
    // Bypasses the producer's validation, as a misbehaving producer would.
    await raw.add(
      'audit.batch',
      { items: [...events.slice(0, 2), poison, ...events.slice(2)] },
      { jobId: 'env-bad' },
    );
    await raw.add('audit', plain, { jobId: plain.id });
    const job = await failed;
    expect(job?.failedReason).toMatch(/^Invalid "audit" payload in envelope: item 2: \/units/);
    expect(job?.attemptsMade).toBe(1);
    expect((await completed)?.id).toBe(plain.id);
    expect(seen.sort()).toEqual([...events, plain].map((e) => e.id).sort());
    await worker.close();
    await raw.obliterate({ force: true });
    await raw.close();
  });
});
