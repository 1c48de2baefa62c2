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
