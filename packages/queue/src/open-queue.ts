import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { defaultJobOptions, type JobName } from './catalog.js';
import { bullPrefix } from './redis-connection.js';

export interface QueueConnectionOptions {
  /** A connection from `redisConnection(url)`; shared, never closed by the queue. */
  connection: Redis;
  /** The Bulwark Redis prefix (`REDIS_PREFIX`, e.g. `bulwark:`); BullMQ keys live under `${prefix}bull`. */
  prefix: string;
}

/**
 * The BullMQ queue behind a catalog entry. Its data type is left wide on purpose: BullMQ's
 * conditional generics do not resolve for a generic name, and typed access goes through
 * `createProducer` / `createWorker`, which validate against the catalog.
 */
export type CatalogQueue = Queue<Record<string, unknown>, unknown, string>;

/** A BullMQ queue for a catalog entry, with the entry's attempts/backoff/retention as defaults. */
export function openQueue(name: JobName, options: QueueConnectionOptions): CatalogQueue {
  return new Queue<Record<string, unknown>, unknown, string>(name, {
    connection: options.connection,
    prefix: bullPrefix(options.prefix),
    defaultJobOptions: defaultJobOptions(name),
  });
}

/**
 * Jobs per BullMQ addBulk call. An addBulk is one MULTI, and Redis runs nothing else until it ends:
 * 1,000 jobs hold it for tens of ms, during which every worker's fetch waits (BullMQ OSS fetches
 * one job per call, in sequence), which starved the audit workers while producers were busy.
 * 250-job chunks, all sent at once on the pipelined connection, keep the throughput and let the
 * workers' fetches interleave.
 */
export const BULK_CHUNK = 250;

type BulkJobs = Parameters<CatalogQueue['addBulk']>[0];

/**
 * `queue.addBulk` in chunks of BULK_CHUNK, sent together. Each chunk is atomic, the whole is not:
 * after a failure some chunks may be in Redis, so a caller retries with the same jobIds (BullMQ
 * ignores a jobId it already holds).
 */
export async function addBulkInChunks(queue: CatalogQueue, jobs: BulkJobs) {
  if (jobs.length <= BULK_CHUNK) return queue.addBulk(jobs);
  const chunks: BulkJobs[] = [];
  for (let offset = 0; offset < jobs.length; offset += BULK_CHUNK)
    chunks.push(jobs.slice(offset, offset + BULK_CHUNK));
  return (await Promise.all(chunks.map((chunk) => queue.addBulk(chunk)))).flat();
}
