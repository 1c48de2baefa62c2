import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { getRetention, setRetention } from '../domain/retention/retention-settings.js';
import { RetentionBodySchema, RetentionSchema } from './retention-schemas.js';
import { writeContextOf } from './write-context-of.js';

export function registerRetentionRoutes(app: ServiceApp, pool: Pool, defaultDays: number): void {
  app.get(
    '/v1/retention',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: "The caller's tenant's retention, in days",
        tags: ['retention'],
        response: { 200: RetentionSchema },
      },
    },
    async (request) => getRetention(pool, actorOf(request).tenantId, defaultDays),
  );

  app.put(
    '/v1/retention',
    {
      config: { scope: 'audit:admin' },
      schema: {
        summary: "Set the caller's tenant's retention, in days (1-36500)",
        description:
          'Audited as `audit.retention.update`. Enforced by dropping whole monthly partitions shared by every tenant: a month goes once the longest retention in force has passed it (a signed checkpoint is taken first, and the drop is audited).',
        tags: ['retention'],
        body: RetentionBodySchema,
        response: { 200: RetentionSchema },
      },
    },
    async (request) => setRetention(writeContextOf(request, pool), request.body.days, defaultDays),
  );
}
