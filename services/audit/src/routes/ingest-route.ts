import { systemClock } from '@bulwark/core';
import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { IngestGroupCommit } from '../db/ingest-group-commit.js';
import { RelayWakeup } from '@bulwark/queue';
import { type IngestOutbox, ingestEvents } from '../domain/events/ingest-events.js';
import { IngestAcceptedSchema, IngestBodySchema } from './schemas.js';

export function registerIngestRoute(app: ServiceApp, pool: Pool): void {
  const relay = new RelayWakeup(pool);
  const wakeRelay = () => relay.poke();
  const group = new IngestGroupCommit(pool, wakeRelay);
  const outbox: IngestOutbox = { commitFresh: (json, ids) => group.insert(json, ids), wakeRelay };
  // A wake-up still in flight must not meet a closed pool.
  app.addHook('onClose', () => relay.settle());
  app.post(
    '/v1/events',
    {
      config: { scope: 'audit:write' },
      schema: {
        summary: 'Report agent actions (one event or up to 1,000)',
        description:
          'Answers 202 once the events are committed to the durable outbox; the worker stores and chains them shortly after. With an access token the actor, on_behalf_of and delegation chain come from the token.',
        tags: ['events'],
        body: IngestBodySchema,
        response: { 202: IngestAcceptedSchema },
      },
    },
    async (request, reply) => {
      const inputs = 'events' in request.body ? request.body.events : [request.body];
      const result = await ingestEvents(
        {
          pool,
          actor: actorOf(request),
          requestId: request.id,
          source: { ip: request.ip ?? null, user_agent: request.headers['user-agent'] ?? null },
          clock: systemClock,
          outbox,
        },
        inputs,
      );
      return reply
        .code(202)
        .send({ accepted: result.ids.length, ids: result.ids, replayed: result.replayed });
    },
  );
}
