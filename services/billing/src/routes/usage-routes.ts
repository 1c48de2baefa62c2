import { actorOf, ProblemSchema, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { usageReport } from '../domain/usage-report.js';
import { syncStatus } from '../sync/sync-status.js';

export function registerUsageRoutes(app: ServiceApp, db: Pool): void {
  app.get(
    '/v1/usage',
    {
      config: { scope: 'billing:read' },
      schema: {
        querystring: Type.Object(
          {
            group_by: Type.Union([
              Type.Literal('agent'),
              Type.Literal('user'),
              Type.Literal('action'),
              Type.Literal('day'),
            ]),
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            group_by: Type.String(),
            data: Type.Array(
              Type.Object({ key: Type.String(), units: Type.Number(), events: Type.Number() }),
            ),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { group_by: groupBy, from, to } = request.query;
      const data = await usageReport(db, {
        tenantId: actorOf(request).tenantId,
        groupBy,
        from: new Date(from),
        to: new Date(to),
      });
      return { group_by: groupBy, data };
    },
  );

  app.get(
    '/v1/sync/status',
    {
      config: { scope: 'billing:read' },
      schema: {
        response: {
          200: Type.Object({
            pending_batches: Type.Number(),
            failed_batches: Type.Number(),
            delivered_batches: Type.Number(),
            lag_seconds: Type.Number(),
            oldest_pending_window: Type.Union([Type.String(), Type.Null()]),
            last_delivered_at: Type.Union([Type.String(), Type.Null()]),
            last_error: Type.Union([Type.String(), Type.Null()]),
          }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => syncStatus(db, actorOf(request).tenantId),
  );
}
