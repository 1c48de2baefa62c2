import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { checkIdempotencyKey } from '../db/idempotency-keys.js';
import type { Kek } from '../domain/checkpoints/kek.js';
import { createSink } from '../domain/sinks/create-sink.js';
import { deleteSink } from '../domain/sinks/delete-sink.js';
import { getSink, listSinks } from '../domain/sinks/read-sinks.js';
import { updateSink } from '../domain/sinks/update-sink.js';
import {
  Conflict,
  CreatedSinkSchema,
  CreateSinkBodySchema,
  IdempotencyHeadersSchema,
  NoContent,
  NotFound,
  PageQuerySchema,
  SinkPageSchema,
  SinkParamsSchema,
  SinkSchema,
  UpdateSinkBodySchema,
} from './sink-schemas.js';
import { writeContextOf } from './write-context-of.js';

export function registerSinkRoutes(app: ServiceApp, pool: Pool, kek: Kek): void {
  app.post(
    '/v1/sinks',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: 'Create a webhook sink',
        description:
          'Answers with the sink and its `whsec_…` signing secret, which is shown only here. Deliveries are POSTed as `{delivery_id, sink_id, events}` with `Bulwark-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` and `Bulwark-Event-Ids`. Honours `Idempotency-Key`.',
        tags: ['sinks'],
        headers: IdempotencyHeadersSchema,
        body: CreateSinkBodySchema,
        response: {
          201: CreatedSinkSchema,
          ...Conflict('The Idempotency-Key was used for another request, or the tenant has too many sinks.'),
        },
      },
    },
    async (request, reply) => {
      const result = await createSink(
        { ...writeContextOf(request, pool), kek },
        request.body,
        checkIdempotencyKey(request.headers['idempotency-key']),
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(result.sink);
    },
  );

  app.get(
    '/v1/sinks',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: "List the caller's tenant's sinks",
        description: 'Creation order; pass `next_cursor` as `cursor` for the next page.',
        tags: ['sinks'],
        querystring: PageQuerySchema,
        response: { 200: SinkPageSchema },
      },
    },
    async (request) => listSinks(pool, actorOf(request).tenantId, request.query),
  );

  app.get(
    '/v1/sinks/:id',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: 'One sink (never its secret)',
        tags: ['sinks'],
        params: SinkParamsSchema,
        response: { 200: SinkSchema, ...NotFound },
      },
    },
    async (request) => getSink(pool, actorOf(request).tenantId, request.params.id),
  );

  app.patch(
    '/v1/sinks/:id',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: "Change a sink's URL, description, action filter or enabled flag",
        tags: ['sinks'],
        params: SinkParamsSchema,
        body: UpdateSinkBodySchema,
        response: { 200: SinkSchema, ...NotFound },
      },
    },
    async (request) => updateSink(writeContextOf(request, pool), request.params.id, request.body),
  );

  app.delete(
    '/v1/sinks/:id',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: 'Delete a sink and its dead letters',
        description: 'Deliveries still queued for it are dropped without being sent.',
        tags: ['sinks'],
        params: SinkParamsSchema,
        response: { ...NoContent, ...NotFound },
      },
    },
    async (request, reply) => {
      await deleteSink(writeContextOf(request, pool), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
