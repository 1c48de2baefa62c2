import { type AuditEvent, auditEventErrors } from '@bulwark/core';
import { bullPrefix, createProducer, type Producer } from '@bulwark/queue';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { PartitionGuard } from '../db/partitions.js';
import { type StoreResult, storeEventBatch } from '../domain/chain/store-events.js';
import { EventBatcher, type ItemOutcome } from './event-batcher.js';
import { forwardBillable } from './forward-billable.js';

export interface AuditConsumerOptions {
  pool: Pool;
  partitions: PartitionGuard;
  connection: Redis;
  redisPrefix: string;
  batchSize: number;
  batchWaitMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Called after each committed batch (sinks fan-out, metrics). Failures retry the batch's jobs. */
  afterStore?: (result: StoreResult, events: AuditEvent[]) => Promise<void>;
}

export interface AuditConsumer {
  worker: Worker;
  close(): Promise<void>;
}

/** Postgres data errors (class 22, e.g. a NUL byte jsonb refuses) belong to one event, not the batch. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/**
 * The audit queue consumer. BullMQ runs up to `batchSize` jobs at once; each processor call hands
 * its event to the batcher and resolves after the batch commits. A worker killed mid-batch leaves
 * its jobs active with an expiring lock: BullMQ's stalled-job check moves them back to wait and
 * another worker stores them (the redelivery is a no-op if the first commit got through).
 * `maxStalledCount` is effectively unlimited: a stalled job is retried, never failed for stalling.
 */
export function startAuditConsumer(options: AuditConsumerOptions): AuditConsumer {
  const metering: Producer<'metering'> = createProducer('metering', {
    connection: options.connection,
    prefix: options.redisPrefix,
  });

  const storeAndForward = async (events: AuditEvent[]): Promise<void> => {
    const result = await storeEventBatch(options.pool, options.partitions, events);
    await forwardBillable(metering, events);
    await options.afterStore?.(result, events);
  };

  const handle = async (events: AuditEvent[]): Promise<ItemOutcome[]> => {
    try {
      await storeAndForward(events);
      return events.map(() => undefined);
    } catch (error) {
      if (events.length === 1 || !isDataError(error)) throw error;
      // One bad event poisoned the multi-row insert: store the rest one by one, fail only the culprit.
      const outcomes: ItemOutcome[] = [];
      for (const event of events) {
        try {
          await storeAndForward([event]);
          outcomes.push(undefined);
        } catch (single) {
          outcomes.push(
            isDataError(single)
              ? new UnrecoverableError(`Event ${event.id} cannot be stored: ${(single as Error).message}`)
              : (single as Error),
          );
        }
      }
      return outcomes;
    }
  };

  const batcher = new EventBatcher<AuditEvent>(options.batchSize, options.batchWaitMs, handle);

  const worker = new Worker(
    'audit',
    async (job: Job) => {
      const errors = auditEventErrors(job.data);
      if (errors.length > 0) {
        // Kept in the failed set (removeOnFail: false) for inspection; retrying cannot help.
        throw new UnrecoverableError(
          `Invalid audit event: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        );
      }
      await batcher.add(job.data as AuditEvent);
    },
    {
      connection: options.connection,
      prefix: bullPrefix(options.redisPrefix),
      concurrency: options.batchSize,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: 1_000_000,
    },
  );
  worker.on('error', () => {
    // Connection errors are retried by ioredis/BullMQ; an unhandled 'error' would crash the process.
  });

  return {
    worker,
    async close() {
      await worker.close();
      await batcher.drain();
      await metering.close();
    },
  };
}
