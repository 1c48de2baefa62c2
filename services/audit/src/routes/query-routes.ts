import { Readable } from 'node:stream';
import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { getEvent, queryEvents } from '../domain/events/query-events.js';
import { exportEvents } from '../domain/export/export-events.js';
import { filterFromQuery } from './filter-from-query.js';
import { EventPageSchema, ExportQuerySchema, ListQuerySchema, StoredEventSchema } from './schemas.js';

const CONTENT_TYPES = {
  ndjson: 'application/x-ndjson',
  ocsf: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

export function registerQueryRoutes(app: ServiceApp, pool: Pool): void {
  app.get(
    '/v1/events',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: "Search the caller's tenant's events",
        description: 'Keyset-paginated on (occurred_at, id), newest first unless order=asc.',
        tags: ['events'],
        querystring: ListQuerySchema,
        response: { 200: EventPageSchema },
      },
    },
    async (request) => {
      const { cursor, limit, order, ...filter } = request.query;
      return queryEvents(pool, actorOf(request).tenantId, {
        ...filterFromQuery(filter),
        cursor,
        limit,
        order,
      });
    },
  );

  app.get(
    '/v1/events/export',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: 'Stream every matching event as NDJSON, CSV or OCSF NDJSON',
        description:
          'Oldest first, from one database snapshot. `X-Total-Count` is the exact number of records the body will carry, so a client shows progress as records received / X-Total-Count.',
        tags: ['events'],
        querystring: ExportQuerySchema,
        produces: ['application/x-ndjson', 'text/csv'],
        response: {
          200: {
            description: 'The export stream',
            content: { 'application/x-ndjson': { schema: {} }, 'text/csv': { schema: {} } },
          },
        },
      },
    },
    async (request, reply) => {
      const { format = 'ndjson', ...filter } = request.query;
      const stream = await exportEvents(pool, actorOf(request).tenantId, filterFromQuery(filter), format);
      const extension = format === 'csv' ? 'csv' : 'ndjson';
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('x-total-count', String(stream.total))
        .header(
          'content-disposition',
          `attachment; filename="audit-events.${format === 'ocsf' ? 'ocsf.' : ''}${extension}"`,
        )
        .send(Readable.from(stream.lines));
    },
  );

  app.get(
    '/v1/events/:id',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: 'One event',
        tags: ['events'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: StoredEventSchema },
      },
    },
    async (request) => getEvent(pool, actorOf(request).tenantId, request.params.id),
  );
}
