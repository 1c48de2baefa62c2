import { actorOf, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { verifyChain } from '../domain/chain/verify-chain.js';
import { VerifyQuerySchema, VerifyReportSchema } from './schemas.js';

export function registerVerifyRoute(app: ServiceApp, pool: Pool): void {
  app.get(
    '/v1/verify',
    {
      config: { scope: 'audit:read' },
      schema: {
        summary: "Recompute the caller's tenant's hash chain and check its signed checkpoints",
        description: 'ok=false names the first broken link (seq, event id when the row exists, reason).',
        tags: ['verify'],
        querystring: VerifyQuerySchema,
        response: { 200: VerifyReportSchema },
      },
    },
    async (request) =>
      verifyChain(pool, actorOf(request).tenantId, {
        from: request.query.from ? new Date(request.query.from) : undefined,
        to: request.query.to ? new Date(request.query.to) : undefined,
      }),
  );
}
