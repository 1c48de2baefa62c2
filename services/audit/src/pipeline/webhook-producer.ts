import { assertJobPayload, openQueue } from '@bulwark/queue';
import type { Redis } from 'ioredis';
import type { WebhookEnqueuer } from '../domain/webhooks/webhook-enqueuer.js';

export interface WebhookRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * The `webhooks` queue with this deployment's retry policy (AUDIT_WEBHOOK_ATTEMPTS / _BACKOFF_MS,
 * defaulting to the catalog's): BullMQ retries a failed delivery with exponential backoff, and the
 * worker turns the last failed attempt into a dead letter.
 */
export function createWebhookProducer(
  connection: Redis,
  redisPrefix: string,
  retry: WebhookRetryPolicy,
): WebhookEnqueuer & { close(): Promise<void> } {
  const queue = openQueue('webhooks', { connection, prefix: redisPrefix });
  return {
    async enqueue(deliveries) {
      deliveries.forEach((delivery, index) => {
        assertJobPayload('webhooks', delivery.payload, index);
      });
      if (deliveries.length === 0) return;
      await queue.addBulk(
        deliveries.map((delivery) => ({
          name: 'webhooks',
          data: delivery.payload,
          opts: {
            jobId: delivery.jobId,
            attempts: retry.attempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
          },
        })),
      );
    },
    close: () => queue.close(),
  };
}
