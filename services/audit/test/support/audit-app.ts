import { redisConnection, startOutboxRelay } from '@bulwark/queue';
import type { ServiceApp } from '@bulwark/service-kit';
import { createTestIssuer, type ServedTestIssuer, type TestIssuer } from '@bulwark/testing';
import type { Pool } from 'pg';
import { buildAuditApp } from '../../src/app.js';
import { PartitionGuard } from '../../src/db/partitions.js';
import { startAuditConsumer } from '../../src/pipeline/audit-consumer.js';

export interface AuditHarness {
  app: ServiceApp;
  issuer: TestIssuer;
  /** Waits until the relay has moved every ingested row into BullMQ. */
  drainRelay(): Promise<void>;
  close(): Promise<void>;
}

/** The real app plus the real relay and worker, on the test's database and Redis prefix. */
export async function startAuditHarness(
  pool: Pool,
  databaseUrl: string,
  redis: { url: string; prefix: string },
) {
  const issuer = await createTestIssuer();
  const served: ServedTestIssuer = await issuer.serveJwks();
  const app = await buildAuditApp({
    config: {
      issuer: issuer.issuer,
      audience: issuer.audience,
      authUrl: served.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
    },
    pool,
    auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
    logger: false,
  });
  const connection = redisConnection(redis.url);
  const relay = startOutboxRelay({
    pool,
    connectionString: databaseUrl,
    connection,
    prefix: redis.prefix,
    pollIntervalMs: 100,
  });
  const consumer = startAuditConsumer({
    pool,
    partitions: new PartitionGuard(pool),
    connection,
    redisPrefix: redis.prefix,
    batchSize: 100,
    batchWaitMs: 20,
    lockDurationMs: 5000,
    stalledIntervalMs: 2000,
  });
  const harness: AuditHarness = {
    app,
    issuer,
    drainRelay: () => relay.drain({ timeoutMs: 20_000 }),
    async close() {
      await app.close();
      await relay.stop();
      await consumer.close();
      connection.disconnect();
      await served.close();
    },
  };
  return harness;
}
