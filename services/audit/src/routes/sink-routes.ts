import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { checkIdempotencyKey } from '../db/idempotency-keys.js';
import { createSink } from '../domain/sinks/create-sink.js';
import { deleteSink } from '../domain/sinks/delete-sink.js';
import { getSink, listSinks } from '../domain/sinks/read-sinks.js';
import { rotateSinkSecret } from '../domain/sinks/rotate-sink-secret.js';
import type { SinkSettings } from '../domain/sinks/sink-settings.js';
import { updateSink } from '../domain/sinks/update-sink.js';
import {
  Conflict,
  CreatedSinkSchema,
  CreateSinkBodySchema,
  IdempotencyHeadersSchema,
  NoContent,
  NotFound,
  PageQuerySchema,
  RotatedSinkSchema,
  RotateSecretBodySchema,
  SinkPageSchema,
  SinkParamsSchema,
  SinkSchema,
  UpdateSinkBodySchema,
} from './sink-schemas.js';
import { writeContextOf } from './write-context-of.js';

const SIGNATURE_DOC =
  '`Bulwark-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (during a secret rotation one `v1` per live secret, newest first; accept the delivery when any matches)';

export function registerSinkRoutes(app: ServiceApp, pool: Pool, settings: SinkSettings): void {
  app.post(
    '/v1/sinks',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: 'Create a webhook sink',
        description: `Answers with the sink and its \`whsec_…\` signing secret, which is shown only here. Deliveries are POSTed as \`{delivery_id, sink_id, events}\` with ${SIGNATURE_DOC} and \`Bulwark-Event-Ids\`. Honours \`Idempotency-Key\` (keys expire after 24 h by default; an expired key is a new request). A URL whose destination is not allowed is a 400 naming \`/body/url\`.`,
        tags: ['sinks'],
        headers: IdempotencyHeadersSchema,
        body: CreateSinkBodySchema,
        response: {
          201: CreatedSinkSchema,
          ...Conflict(
            'The Idempotency-Key was used for another request (or its sink was deleted or had its secret rotated since), or the tenant has too many sinks.',
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await createSink(
        writeContextOf(request, pool),
        settings,
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
    async (request) =>
      updateSink(writeContextOf(request, pool), settings.guard, request.params.id, request.body),
  );

  app.post(
    '/v1/sinks/:id/rotate-secret',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: "Rotate a sink's signing secret",
        description: `Answers with the sink and its new \`whsec_…\` secret, shown only here. For \`overlap_seconds\` (default 24 h, at most 7 days, 0 = none) deliveries carry ${SIGNATURE_DOC}, so the receiver can switch secrets without a gap; after that only the new secret signs. Rotating again during a window retires the older secret at once. The body may be omitted (or \`{}\`) for the defaults.`,
        tags: ['sinks'],
        params: SinkParamsSchema,
        body: RotateSecretBodySchema,
        response: { 200: RotatedSinkSchema, ...NotFound },
      },
      // The body is optional: no body means every default (fastify would validate it as null).
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) =>
      rotateSinkSecret(
        writeContextOf(request, pool),
        settings.kek,
        request.params.id,
        request.body?.overlap_seconds,
      ),
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
