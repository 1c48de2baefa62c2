import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { listDeadLetters, retryDeadLetter } from '../domain/webhooks/dead-letters.js';
import type { WebhookEnqueuer } from '../domain/webhooks/webhook-enqueuer.js';
import {
  Conflict,
  DeadLetterPageSchema,
  DeadLetterParamsSchema,
  DeadLetterQuerySchema,
  DeadLetterSchema,
  NotFound,
  SinkParamsSchema,
} from './sink-schemas.js';
import { writeContextOf } from './write-context-of.js';

export function registerDeadLetterRoutes(app: ServiceApp, pool: Pool, webhooks: WebhookEnqueuer): void {
  app.get(
    '/v1/sinks/:id/dead-letters',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: 'Deliveries to this sink that exhausted their retries',
        description: 'Newest first; `status` filters (`dead` = waiting for a retry decision).',
        tags: ['sinks'],
        params: SinkParamsSchema,
        querystring: DeadLetterQuerySchema,
        response: { 200: DeadLetterPageSchema, ...NotFound },
      },
    },
    async (request) => listDeadLetters(pool, actorOf(request).tenantId, request.params.id, request.query),
  );

  app.post(
    '/v1/sinks/:id/dead-letters/:delivery_id/retry',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: 'Deliver a dead letter again',
        description:
          'Queues a redelivery with a fresh run of attempts and answers 202 with `status: retrying`; the entry becomes `delivered` when it goes through, or `dead` again. Asking again while it is queued is harmless.',
        tags: ['sinks'],
        params: DeadLetterParamsSchema,
        response: {
          202: DeadLetterSchema,
          ...NotFound,
          ...Conflict('The delivery was already redelivered successfully.'),
        },
      },
    },
    async (request, reply) => {
      const letter = await retryDeadLetter(
        writeContextOf(request, pool),
        webhooks,
        request.params.id,
        request.params.delivery_id,
      );
      return reply.code(202).send(letter);
    },
  );
}
