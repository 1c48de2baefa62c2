import { createWorker } from '@bulwark/queue';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { BudgetCheckCtx } from '../domain/budgets.js';
import { enforceBudgets } from './enforce-budgets.js';
import { ingestUsage } from './ingest-usage.js';

export interface MeteringConsumerOptions {
  pool: Pool;
  connection: Redis;
  prefix: string;
  /** Budget kill switch after each batch; without `suspend`, budgets are only enforced by the check route. */
  budgets?: Pick<BudgetCheckCtx, 'suspend' | 'onSuspendError'>;
}

/**
 * Consumes the `metering` queue in batches into the usage ledger: the audit worker's envelope jobs
 * (up to 250 events each) and plain one-event jobs alike. A batch that fails is retried by
 * BullMQ job by job; re-inserting an event already in the ledger is a no-op (ON CONFLICT DO NOTHING),
 * so a retry caused by budget enforcement failing after the insert is harmless too.
 */
export function startMeteringConsumer(options: MeteringConsumerOptions): Worker {
  return createWorker(
    'metering',
    async (payloads) => {
      await ingestUsage(options.pool, payloads);
      if (options.budgets?.suspend) await enforceBudgets({ db: options.pool, ...options.budgets }, payloads);
    },
    { connection: options.connection, prefix: options.prefix, batch: { size: 500, maxWaitMs: 50 } },
  );
}
