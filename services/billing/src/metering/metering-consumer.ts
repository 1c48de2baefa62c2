import { createWorker } from '@bulwark/queue';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { ingestUsage } from './ingest-usage.js';

/**
 * Consumes the `metering` queue in batches into the usage ledger. A batch that fails is retried by
 * BullMQ job by job; re-inserting an event already in the ledger is a no-op (ON CONFLICT DO NOTHING).
 */
export function startMeteringConsumer(options: { pool: Pool; connection: Redis; prefix: string }): Worker {
  return createWorker(
    'metering',
    async (jobs) => {
      await ingestUsage(
        options.pool,
        jobs.map((job) => job.data),
      );
    },
    { connection: options.connection, prefix: options.prefix, batch: { size: 500, maxWaitMs: 50 } },
  );
}
