import { redisConnection, startOutboxRelay } from '@bulwark/queue';
import type { ServiceApp } from '@bulwark/service-kit';
import type { TestIssuer } from '@bulwark/testing';
import type { Worker } from 'bullmq';
import type { Pool } from 'pg';
import { PartitionGuard } from '../../src/db/partitions.js';
import type { Kek } from '../../src/domain/checkpoints/kek.js';
import type { SinkNetworkPolicy } from '../../src/domain/sinks/sink-network-policy.js';
import { startAuditConsumer } from '../../src/pipeline/audit-consumer.js';
import { sinkFanOut } from '../../src/pipeline/fan-out-to-sinks.js';
import { createWebhookProducer } from '../../src/pipeline/webhook-producer.js';
import { startWebhookWorker } from '../../src/pipeline/webhook-worker.js';
import { buildTestAuditApp } from './test-audit-app.js';

export interface AuditHarness {
  app: ServiceApp;
  issuer: TestIssuer;
  kek: Kek;
  webhookWorker: Worker;
  /** Waits until the relay has moved every ingested row into BullMQ. */
  drainRelay(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Webhook retry policy; short by default so dead letters happen within a test. */
  webhookAttempts?: number;
  webhookBackoffMs?: number;
  /**
   * The sink network policy of the API. Open by default: the receivers of these tests are local
   * HTTP servers on 127.0.0.1, which the production default refuses.
   */
  sinkNetwork?: SinkNetworkPolicy;
  /** The webhook worker's policy, when it differs from the API's (a destination allowed at create, refused at send). */
  workerSinkNetwork?: SinkNetworkPolicy;
  idempotencyKeyTtlSeconds?: number;
}

const OPEN_SINK_NETWORK: SinkNetworkPolicy = {
  allowPrivateNetworks: true,
  allowedCidrs: [],
  allowHttp: true,
};

/** The real app plus the real relay, audit worker and webhook worker, on the test's database and Redis prefix. */
export async function startAuditHarness(
  pool: Pool,
  databaseUrl: string,
  redis: { url: string; prefix: string },
  options: HarnessOptions = {},
) {
  const retry = { attempts: options.webhookAttempts ?? 3, backoffMs: options.webhookBackoffMs ?? 50 };
  const network = options.sinkNetwork ?? OPEN_SINK_NETWORK;
  const { app, issuer, served, kek } = await buildTestAuditApp(pool, redis, {
    config: {
      webhookAttempts: retry.attempts,
      webhookBackoffMs: retry.backoffMs,
      sinkAllowPrivateNetworks: network.allowPrivateNetworks,
      sinkAllowedCidrs: [...network.allowedCidrs],
      sinkAllowHttp: network.allowHttp,
      ...(options.idempotencyKeyTtlSeconds !== undefined && {
        idempotencyKeyTtlSeconds: options.idempotencyKeyTtlSeconds,
      }),
    },
  });
  const connection = redisConnection(redis.url);
  const relay = startOutboxRelay({
    pool,
    connectionString: databaseUrl,
    connection,
    prefix: redis.prefix,
    pollIntervalMs: 100,
  });
  const webhooks = createWebhookProducer(connection, redis.prefix, retry);
  const fanOut = sinkFanOut(pool, webhooks, 100);
  const consumer = startAuditConsumer({
    pool,
    partitions: new PartitionGuard(pool),
    connection,
    redisPrefix: redis.prefix,
    batchSize: 100,
    batchWaitMs: 20,
    lockDurationMs: 5000,
    stalledIntervalMs: 2000,
    afterStore: async (_result, events) => {
      await fanOut(events);
    },
  });
  const webhookWorker = startWebhookWorker({
    pool,
    kek,
    connection,
    redisPrefix: redis.prefix,
    concurrency: 4,
    timeoutMs: 5000,
    network: options.workerSinkNetwork ?? network,
  });
  const harness: AuditHarness = {
    app,
    issuer,
    kek,
    webhookWorker,
    drainRelay: () => relay.drain({ timeoutMs: 20_000 }),
    async close() {
      await app.close();
      await relay.stop();
      await consumer.close();
      await webhookWorker.close();
      await webhooks.close();
      connection.disconnect();
      await served.close();
    },
  };
  return harness;
}
