import { systemClock } from '@bulwark/core';
import { redisConnection } from '@bulwark/queue';
import type { Pool } from 'pg';
import type { AuditConfig } from '../config.js';
import { PartitionGuard } from '../db/partitions.js';
import type { Kek } from '../domain/checkpoints/kek.js';
import { enforceRetention } from '../domain/retention/enforce-retention.js';
import { type AuditConsumer, startAuditConsumer } from './audit-consumer.js';
import { startCheckpointTimer } from './checkpoint-timer.js';

export interface Pipeline {
  consumer: AuditConsumer;
  close(): Promise<void>;
}

/** Starts the audit consumer and the checkpoint timer on an existing pool. */
export function startPipeline(
  config: AuditConfig,
  pool: Pool,
  kek: Kek,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Pipeline {
  const connection = redisConnection(config.redisUrl);
  const partitions = new PartitionGuard(pool);
  const consumer = startAuditConsumer({
    pool,
    partitions,
    connection,
    redisPrefix: config.redisPrefix,
    batchSize: config.batchSize,
    batchWaitMs: config.batchWaitMs,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
  });
  const checkpoints = startCheckpointTimer(pool, kek, config.checkpointIntervalMs, (error) =>
    log(`[audit] checkpoint tick failed: ${(error as Error).message}`),
  );
  // Retention runs in every worker; the DROP takes an exclusive lock, so concurrent runs serialise
  // and the later one finds nothing left to drop.
  let retention: Promise<unknown> = Promise.resolve();
  const retentionTimer = setInterval(() => {
    retention = enforceRetention(pool, partitions, kek, {
      clock: systemClock,
      defaultDays: config.retentionDefaultDays,
    }).catch((error: unknown) => log(`[audit] retention run failed: ${(error as Error).message}`));
  }, config.retentionIntervalMs);
  retentionTimer.unref();
  return {
    consumer,
    async close() {
      clearInterval(retentionTimer);
      await retention;
      await checkpoints.stop();
      await consumer.close();
      connection.disconnect();
    },
  };
}
