import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { BatchCollector } from './batch-collector.js';
import type { JobName, JobPayload } from './catalog.js';
import { envelopeCapacity, isEnvelopeJob, jobItems } from './envelope.js';
import type { QueueConnectionOptions } from './open-queue.js';
import { bullPrefix } from './redis-connection.js';
import { jobPayloadErrors } from './validate-payload.js';

export type CatalogJob<N extends JobName> = Job<JobPayload<N>, unknown, string>;
export type JobProcessor<N extends JobName> = (job: CatalogJob<N>) => Promise<unknown>;
/** Receives the payloads of many jobs (an envelope job contributes all its items). */
export type BatchProcessor<N extends JobName> = (payloads: JobPayload<N>[]) => Promise<void>;

export interface BatchOptions {
  /** Most jobs handed to one processor call. */
  size: number;
  /** How long a partial batch waits for more jobs before it is processed anyway. */
  maxWaitMs: number;
}

export interface WorkerOptions extends QueueConnectionOptions {
  /** Jobs processed at once (in batch mode, defaults to the batch size so one batch fills). */
  concurrency?: number;
  lockDurationMs?: number;
}

/**
 * A job whose payload breaks the catalog schema can never succeed: it fails at once, without
 * retries, and stays in the failed set (removeOnFail: false) for someone to look at.
 */
function checkPayload(name: JobName, job: Job): void {
  const errors = jobPayloadErrors(name, job.data);
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new UnrecoverableError(`Invalid "${name}" job payload: ${list}`);
  }
}

/** The valid payloads of a job (one, or an envelope's items) and a description of the invalid ones. */
export function splitJobItems(name: JobName, job: Pick<Job, 'name' | 'data'>) {
  const items = jobItems(name, job);
  if (items === undefined)
    throw new UnrecoverableError(`Invalid "${name}" envelope: expected { items: [≥ 1 item] }.`);
  const valid: unknown[] = [];
  const invalid: string[] = [];
  items.forEach((item, index) => {
    const errors = jobPayloadErrors(name, item);
    if (errors.length === 0) valid.push(item);
    else invalid.push(`item ${index}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  });
  return { valid, invalid };
}

/**
 * After the valid items of an envelope are processed, its invalid ones fail the job for good: it
 * stays in the failed set naming them (a retry from the dashboard re-runs the valid items, which
 * consumers absorb as duplicates).
 */
export function failForInvalidItems(name: JobName, invalid: readonly string[]): void {
  if (invalid.length === 0) return;
  const shown = invalid.slice(0, 10).join(' | ');
  const more = invalid.length > 10 ? ` (and ${invalid.length - 10} more)` : '';
  throw new UnrecoverableError(`Invalid "${name}" payload in envelope: ${shown}${more}`);
}

/**
 * Plain batch queues hold one batch's worth of jobs so a batch can fill. A queue of envelopes would
 * then hold `size` envelopes (hundreds of thousands of items): it holds a few batches' worth of full
 * envelopes instead, and at least 16 jobs for producers that still send one item per job.
 */
function defaultConcurrency(name: JobName, batch: BatchOptions | undefined): number {
  if (!batch) return 1;
  const capacity = envelopeCapacity(name);
  if (capacity === undefined) return batch.size;
  return Math.max(16, Math.ceil(batch.size / capacity) * 4);
}

export function createWorker<N extends JobName>(
  name: N,
  processor: JobProcessor<N>,
  options: WorkerOptions & { batch?: undefined },
): Worker;
/**
 * Batch mode: payloads are collected up to `batch.size` (or `batch.maxWaitMs`) and handed to one
 * processor call; an envelope job adds all its items. The batch succeeds or fails as a whole, so
 * the processor must be idempotent per item (a failed batch is retried job by job in later batches).
 * Set `concurrency` for queues that carry envelopes: it counts jobs, and each holds its items.
 */
export function createWorker<N extends JobName>(
  name: N,
  processor: BatchProcessor<N>,
  options: WorkerOptions & { batch: BatchOptions },
): Worker;
export function createWorker<N extends JobName>(
  name: N,
  processor: JobProcessor<N> | BatchProcessor<N>,
  options: WorkerOptions & { batch?: BatchOptions | undefined },
): Worker {
  const { batch } = options;
  let handle: (job: Job) => Promise<unknown>;
  if (batch) {
    const collector = new BatchCollector<JobPayload<N>>(
      batch.size,
      batch.maxWaitMs,
      processor as BatchProcessor<N>,
    );
    handle = async (job) => {
      if (!isEnvelopeJob(name, job)) {
        checkPayload(name, job);
        return collector.add(job.data as JobPayload<N>);
      }
      const { valid, invalid } = splitJobItems(name, job);
      await Promise.all(valid.map((item) => collector.add(item as JobPayload<N>)));
      failForInvalidItems(name, invalid);
    };
  } else {
    const single = processor as JobProcessor<N>;
    handle = (job) => {
      if (isEnvelopeJob(name, job))
        throw new UnrecoverableError(
          `"${name}" envelope jobs need a batch worker (createWorker with \`batch\`).`,
        );
      checkPayload(name, job);
      return single(job as CatalogJob<N>);
    };
  }
  return new Worker(name, async (job: Job) => handle(job), {
    connection: options.connection,
    prefix: bullPrefix(options.prefix),
    concurrency: options.concurrency ?? defaultConcurrency(name, batch),
    ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
  });
}
