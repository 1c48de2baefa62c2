import { createWorker, type CatalogJob } from '@bulwark/queue';
import { UnrecoverableError, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { markDeadLetterDelivered, upsertDeadLetter } from '../db/dead-letters-sql.js';
import { selectSinkForDelivery } from '../db/sinks-sql.js';
import type { Kek } from '../domain/checkpoints/kek.js';
import {
  SinkAddressGuard,
  type SinkNetworkPolicy,
  STRICT_SINK_NETWORK,
} from '../domain/sinks/sink-network-policy.js';
import { openSinkSecret } from '../domain/sinks/sink-secret.js';
import { deliveryBody, loadDeliveryEvents } from '../domain/webhooks/delivery-body.js';
import { deliveryIdOfJob } from '../domain/webhooks/delivery-id.js';
import { DeliveryFailed, DeliveryRefused, postDelivery } from '../domain/webhooks/post-delivery.js';

export interface WebhookWorkerOptions {
  pool: Pool;
  kek: Kek;
  connection: Redis;
  redisPrefix: string;
  concurrency: number;
  timeoutMs: number;
  /** Which destinations sinks may reach (strict when absent: public https only). */
  network?: SinkNetworkPolicy;
  nowMs?: () => number;
}

export type DeliveryOutcome = 'delivered' | 'no_sink' | 'disabled' | 'no_events';

/**
 * Delivers one `webhooks` job: loads the sink (secret unsealed only in memory, for this POST) and
 * the events, POSTs them signed. A failure throws so BullMQ retries with backoff; on the last
 * attempt the delivery is first written to the dead-letter list, then the job fails (and stays in
 * BullMQ's failed set too). A destination the network policy refuses is final at once (dead letter,
 * no retries, nothing sent). A deleted or disabled sink completes the job without sending.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): Worker {
  const now = options.nowMs ?? Date.now;
  const guard = new SinkAddressGuard(options.network ?? STRICT_SINK_NETWORK);
  const deliver = async (job: CatalogJob<'webhooks'>): Promise<DeliveryOutcome> => {
    const jobId = String(job.id);
    const { deliveryId, redelivery } = deliveryIdOfJob(jobId);
    const sink = await selectSinkForDelivery(options.pool, job.data.sink_id);
    if (!sink) return 'no_sink';
    if (!sink.enabled) return 'disabled';
    try {
      const events = await loadDeliveryEvents(options.pool, sink.tenant_id, job.data.event_ids);
      if (events.length === 0) return 'no_events';
      await postDelivery({
        url: sink.url,
        secrets: [sink.secret_enc, sink.previous_secret_enc]
          .filter((sealed): sealed is string => sealed !== null)
          .map((sealed) => openSinkSecret(options.kek, sink.id, sealed)),
        deliveryId,
        eventIds: events.map((event) => event.id),
        body: deliveryBody(sink.id, deliveryId, events),
        timeoutMs: options.timeoutMs,
        nowSeconds: Math.floor(now() / 1000),
        guard,
      });
    } catch (error) {
      const refused = error instanceof DeliveryRefused;
      const lastAttempt = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (lastAttempt) {
        await upsertDeadLetter(options.pool, {
          deliveryId,
          sinkId: sink.id,
          tenantId: sink.tenant_id,
          eventIds: job.data.event_ids,
          attempts: job.attemptsMade + 1,
          lastStatus: error instanceof DeliveryFailed ? error.status : null,
          lastError:
            error instanceof DeliveryFailed ? error.message : 'internal error preparing the delivery',
        });
      }
      // Retrying cannot change a policy decision; BullMQ fails an UnrecoverableError at once.
      if (refused) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
    if (redelivery) await markDeadLetterDelivered(options.pool, deliveryId);
    return 'delivered';
  };

  const worker = createWorker('webhooks', deliver, {
    connection: options.connection,
    prefix: options.redisPrefix,
    concurrency: options.concurrency,
  });
  worker.on('error', () => {
    // Connection errors are retried by ioredis/BullMQ; an unhandled 'error' would crash the process.
  });
  return worker;
}
