import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { BatchCollector } from './batch-collector.js';
import type { JobName, JobPayload } from './catalog.js';
import type { QueueConnectionOptions } from './open-queue.js';
import { bullPrefix } from './redis-connection.js';
import { jobPayloadErrors } from './validate-payload.js';

export type CatalogJob<N extends JobName> = Job<JobPayload<N>, unknown, string>;
export type JobProcessor<N extends JobName> = (job: CatalogJob<N>) => Promise<unknown>;
export type BatchProcessor<N extends JobName> = (jobs: CatalogJob<N>[]) => Promise<void>;

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

export function createWorker<N extends JobName>(
  name: N,
  processor: JobProcessor<N>,
  options: WorkerOptions & { batch?: undefined },
): Worker;
/**
 * Batch mode: jobs are collected up to `batch.size` (or `batch.maxWaitMs`) and handed to one
 * processor call. The batch succeeds or fails as a whole, so the processor must be idempotent per
 * job (a failed batch is retried job by job in later batches).
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
    const collector = new BatchCollector<CatalogJob<N>>(
      batch.size,
      batch.maxWaitMs,
      processor as BatchProcessor<N>,
    );
    handle = (job) => {
      checkPayload(name, job);
      return collector.add(job as CatalogJob<N>);
    };
  } else {
    const single = processor as JobProcessor<N>;
    handle = (job) => {
      checkPayload(name, job);
      return single(job as CatalogJob<N>);
    };
  }
  return new Worker(name, async (job: Job) => handle(job), {
    connection: options.connection,
    prefix: bullPrefix(options.prefix),
    concurrency: options.concurrency ?? batch?.size ?? 1,
    ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
  });
}
