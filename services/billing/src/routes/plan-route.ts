import { actorOf, ProblemSchema, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { currentPlan } from '../domain/current-plan.js';

/** `GET /v1/plan`: the caller's plan, for flags' context enrichment (`{ plan }`) and the console. */
export function registerPlanRoute(app: ServiceApp, db: Pool): void {
  app.get(
    '/v1/plan',
    {
      config: { scope: 'billing:read' },
      schema: {
        summary: "The caller's plan from its synced Stripe subscription (end customer first, then tenant)",
        response: {
          200: Type.Object({
            plan: Type.Union([Type.String(), Type.Null()]),
            source: Type.Union([Type.Literal('end_customer'), Type.Literal('tenant'), Type.Null()]),
            stripe_subscription_id: Type.Union([Type.String(), Type.Null()]),
            status: Type.Union([Type.String(), Type.Null()]),
          }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => currentPlan(db, actorOf(request)),
  );
}
