import type { AuditEvent } from '@bulwark/core';
import {
  bullPrefix,
  createProducer,
  envelopeCapacity,
  failForInvalidItems,
  isEnvelopeJob,
  jobPayloadErrors,
  type Producer,
  splitJobItems,
} from '@bulwark/queue';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { PartitionGuard } from '../db/partitions.js';
import { DEFAULT_APPEND_SHARDS, type StoreResult, storeEventBatch } from '../domain/chain/store-events.js';
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
  /** BullMQ Worker instances feeding the batcher (parallel fetch loops); default 2 (AUDIT_FETCHERS). */
  fetchers?: number;
  /** Parallel append statements per batch over disjoint tenant sets; default 2 (AUDIT_APPEND_SHARDS). */
  appendShards?: number;
  /** Called after each committed batch (sinks fan-out, metrics). Failures retry the batch's jobs. */
  afterStore?: (result: StoreResult, events: AuditEvent[]) => Promise<void>;
}

export interface AuditConsumer {
  /** The first fetcher (for waitUntilReady); all of them are in `workers`. */
  worker: Worker;
  workers: Worker[];
  close(): Promise<void>;
}

/** Per process: one committing or forwarding while the next fills (4, with 4 fetchers, was slower in one noisy run). */
const BATCHES_IN_FLIGHT = 2;

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
    const result = await storeEventBatch(options.pool, options.partitions, events, {
      shards: options.appendShards ?? DEFAULT_APPEND_SHARDS,
    });
    // Independent after COMMIT (metering is Redis, sink fan-out a query then Redis): in parallel.
    // Both must succeed before the jobs are acked, so a failure of either retries the batch.
    await Promise.all([forwardBillable(metering, events), options.afterStore?.(result, events)]);
  };

  const handle = async (events: AuditEvent[]): Promise<ItemOutcome[]> => {
    try {
      await storeAndForward(events);
      return events.map(() => undefined);
    } catch (error) {
      if (!isDataError(error)) throw error;
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

  const processJob = async (job: Job) => {
    if (isEnvelopeJob('audit', job)) {
      // An envelope (the relay's jobs): its valid events are stored; invalid ones then fail the
      // job for good, named in its failedReason, without holding back their neighbours.
      const { valid, invalid } = splitJobItems('audit', job);
      const settled = await Promise.allSettled(valid.map((event) => batcher.add(event as AuditEvent)));
      const errors = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      // A transient failure retries the whole envelope (its stored events are then duplicates the
      // id registry absorbs); only when every failure is permanent does the envelope fail for good.
      const transient = errors.find((error) => !(error instanceof UnrecoverableError));
      if (transient) throw transient;
      failForInvalidItems('audit', [...invalid, ...errors.map((error) => (error as Error).message)]);
      return;
    }
    // The compiled schema check; field errors are only worked out for an invalid payload.
    const errors = jobPayloadErrors('audit', job.data);
    if (errors.length > 0) {
      // Kept in the failed set (removeOnFail: false) for inspection; retrying cannot help.
      throw new UnrecoverableError(
        `Invalid audit event: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      );
    }
    await batcher.add(job.data as AuditEvent);
  };
  // A job keeps its slot until its events' batch has committed and been forwarded (metering,
  // sinks), so the slots must hold more than one batch or the next could not fill meanwhile:
  // BATCHES_IN_FLIGHT batches of full envelopes (250 events each), times two for envelopes that
  // straddle batches, and never fewer than 32 jobs, for producers that send one event per job.
  // BullMQ OSS fetches one job per round trip, in sequence; with envelopes that is one round trip
  // per 250 events. More Worker instances (AUDIT_FETCHERS) fetch in parallel over the shared,
  // pipelined connection. Chain order stays right: batches serialise on the chain_heads row locks,
  // and seq is commit order.
  const capacity = envelopeCapacity('audit') ?? 1;
  const slots = Math.max(32, Math.ceil((options.batchSize * BATCHES_IN_FLIGHT) / capacity) * 2);
  const fetchers = Math.max(1, options.fetchers ?? 2);
  const workers = Array.from({ length: fetchers }, () => {
    const worker = new Worker('audit', processJob, {
      connection: options.connection,
      prefix: bullPrefix(options.redisPrefix),
      concurrency: Math.ceil(slots / fetchers),
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: 1_000_000,
    });
    worker.on('error', () => {
      // Connection errors are retried by ioredis/BullMQ; an unhandled 'error' would crash the process.
    });
    return worker;
  });
  const worker = workers[0] as Worker;

  return {
    worker,
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await batcher.drain();
      await metering.close();
    },
  };
}
