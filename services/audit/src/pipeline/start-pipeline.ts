import { systemClock } from '@bulwark/core';
import { createProducer, redisConnection, stderrLog } from '@bulwark/queue';
import type { Pool } from 'pg';
import type { AuditConfig } from '../config.js';
import { PartitionGuard } from '../db/partitions.js';
import type { Kek } from '../domain/checkpoints/kek.js';
import { sinkNetworkPolicyOf } from '../domain/sinks/sink-network-policy.js';
import { enforceRetention } from '../domain/retention/enforce-retention.js';
import { type AuditConsumer, startAuditConsumer } from './audit-consumer.js';
import { startCheckpointTimer } from './checkpoint-timer.js';
import { sinkFanOut } from './fan-out-to-sinks.js';
import { forwardBillable } from './forward-billable.js';
import { startRedisLossReforward } from './reforward-after-redis-loss.js';
import { createWebhookProducer } from './webhook-producer.js';
import { startWebhookWorker } from './webhook-worker.js';

export interface Pipeline {
  consumer: AuditConsumer;
  close(): Promise<void>;
}

/**
 * Starts the audit consumer (which fans stored events out to webhook sinks), the webhook delivery
 * worker (unless AUDIT_WEBHOOKS=off) and the checkpoint/retention timers on an existing pool.
 */
export function startPipeline(
  config: AuditConfig,
  pool: Pool,
  kek: Kek,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): Pipeline {
  const connection = redisConnection(config.redisUrl);
  const partitions = new PartitionGuard(pool);
  const webhooks = createWebhookProducer(connection, config.redisPrefix, {
    attempts: config.webhookAttempts,
    backoffMs: config.webhookBackoffMs,
  });
  const fanOut = sinkFanOut(pool, webhooks, config.webhookBatchSize);
  const consumer = startAuditConsumer({
    pool,
    partitions,
    connection,
    redisPrefix: config.redisPrefix,
    batchSize: config.batchSize,
    batchWaitMs: config.batchWaitMs,
    lockDurationMs: config.lockDurationMs,
    stalledIntervalMs: config.stalledIntervalMs,
    fetchers: config.fetchers,
    appendShards: config.appendShards,
    afterStore: async (_result, events) => {
      await fanOut(events);
    },
  });
  const metering = createProducer('metering', { connection, prefix: config.redisPrefix });
  const reforward = startRedisLossReforward({
    pool,
    connection,
    redisPrefix: config.redisPrefix,
    windowMs: { metering: config.reforwardMeteringWindowMs, webhooks: config.reforwardWebhooksWindowMs },
    checkIntervalMs: config.reforwardCheckMs,
    forward: { metering: (events) => forwardBillable(metering, events), webhooks: fanOut },
    log: stderrLog,
  });
  const deliveries = config.webhooksEnabled
    ? startWebhookWorker({
        pool,
        kek,
        connection,
        redisPrefix: config.redisPrefix,
        concurrency: config.webhookConcurrency,
        timeoutMs: config.webhookTimeoutMs,
        network: sinkNetworkPolicyOf(config),
      })
    : undefined;
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
      await reforward.stop();
      await consumer.close();
      await metering.close();
      await deliveries?.close();
      await webhooks.close();
      connection.disconnect();
    },
  };
}
