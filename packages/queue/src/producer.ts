import type { JobName, JobPayload } from './catalog.js';
import { type EnvelopeItem, envelopeJobs } from './envelope.js';
import { addBulkInChunks, type CatalogQueue, openQueue, type QueueConnectionOptions } from './open-queue.js';
import { assertJobPayload } from './validate-payload.js';

export interface EnqueueOptions {
  /** Idempotency: BullMQ ignores a second job with the same id while the first is still kept. */
  jobId?: string;
  delay?: number;
  priority?: number;
}

export interface BulkItem<N extends JobName> extends EnqueueOptions {
  payload: JobPayload<N>;
}

export interface Producer<N extends JobName> {
  readonly name: N;
  readonly queue: CatalogQueue;
  /** Validates and enqueues one job; resolves to its job id. */
  add(payload: JobPayload<N>, options?: EnqueueOptions): Promise<string>;
  /**
   * Validates every item first (nothing is enqueued if one is bad), then enqueues them in chunks of
   * `BULK_CHUNK` sent together; each chunk is atomic. If the call fails, some chunks may already be
   * in Redis: retry with the same jobIds (BullMQ ignores a jobId it holds).
   */
  addBulk(items: readonly BulkItem<N>[]): Promise<string[]>;
  /**
   * Validates every item first, then enqueues them as envelope jobs (`envelope.ts`) of the queue's
   * capacity, all sent together; resolves to the envelopes' job ids. Only for queues with an
   * `envelope` in the catalog; the consumer dedupes per item id.
   */
  addEnveloped(items: readonly EnvelopeItem<JobPayload<N>>[]): Promise<string[]>;
  close(): Promise<void>;
}

function jobOptions(options: EnqueueOptions) {
  return {
    ...(options.jobId !== undefined && { jobId: options.jobId }),
    ...(options.delay !== undefined && { delay: options.delay }),
    ...(options.priority !== undefined && { priority: options.priority }),
  };
}

export function createProducer<N extends JobName>(name: N, options: QueueConnectionOptions): Producer<N> {
  const queue = openQueue(name, options);
  return {
    name,
    queue,
    async add(payload, enqueueOptions = {}) {
      assertJobPayload(name, payload);
      const job = await queue.add(name, payload, jobOptions(enqueueOptions));
      return String(job.id);
    },
    async addBulk(items) {
      items.forEach((item, index) => {
        assertJobPayload(name, item.payload, index);
      });
      if (items.length === 0) return [];
      const jobs = await addBulkInChunks(
        queue,
        items.map((item) => ({ name, data: item.payload, opts: jobOptions(item) })),
      );
      return jobs.map((job) => String(job.id));
    },
    async addEnveloped(items) {
      items.forEach((item, index) => {
        assertJobPayload(name, item.payload, index);
      });
      if (items.length === 0) return [];
      const jobs = await queue.addBulk(envelopeJobs(name, items));
      return jobs.map((job) => String(job.id));
    },
    close: () => queue.close(),
  };
}
