import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { JOB_NAMES, openQueue, redisConnection } from '@bulwark/queue';
import Fastify, { type FastifyInstance } from 'fastify';

export const DASHBOARD_PATH = '/admin/queues';

export interface QueueBoard {
  /** A private fastify instance serving bull-board under DASHBOARD_PATH; never listens, only injected into. */
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * bull-board over every catalog queue (audit, metering, webhooks) with the service's Redis prefix,
 * read-only.
 * It lives in its own fastify instance because its routes (and @fastify/static's) cannot declare the
 * scopes the service kit requires of every route; the service's one declared route authorises and
 * forwards to it (register-queue-dashboard.ts).
 */
export async function openQueueBoard(redis: { url: string; prefix: string }): Promise<QueueBoard> {
  const connection = redisConnection(redis.url);
  const queues = JOB_NAMES.map((name) => openQueue(name, { connection, prefix: redis.prefix }));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    // Read-only (server-enforced, 405): adding a job would write an event into the hash chain past
    // ingest's checks, and emptying or obliterating a queue would drop events. Failed webhook
    // deliveries are retried through the dead-letter API, which keeps their accounting.
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Bulwark queues' } },
  });
  const app = Fastify({ logger: false });
  await app.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
