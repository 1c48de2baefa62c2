import { actorOf, ProblemSchema, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { createCustomer } from '../domain/customers.js';
import { createMeter } from '../domain/meters.js';
import type { StripeGateway } from '../stripe/stripe-gateway.js';
import { CustomerSchema, MeterSchema } from './schemas.js';

export function registerCustomerMeterRoutes(app: ServiceApp, ctx: { db: Pool; stripe: StripeGateway }): void {
  app.post(
    '/v1/customers',
    {
      config: { scope: 'billing:admin' },
      schema: {
        body: Type.Object(
          {
            subject_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            stripe_customer_id: Type.Optional(Type.String({ pattern: '^cus_[A-Za-z0-9]+$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: CustomerSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const customer = await createCustomer(ctx, {
        tenantId: actor.tenantId,
        subjectId: request.body.subject_id ?? null,
        name: request.body.name ?? null,
        stripeCustomerId: request.body.stripe_customer_id,
      });
      return reply.code(201).send(customer);
    },
  );

  app.post(
    '/v1/meters',
    {
      config: { scope: 'billing:admin' },
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            event_name: Type.String({ minLength: 1, maxLength: 100 }),
            action_patterns: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
              minItems: 1,
              maxItems: 50,
            }),
            aggregation: Type.Union([Type.Literal('sum'), Type.Literal('count')]),
            stripe_meter_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: MeterSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const meter = await createMeter(ctx, {
        tenantId: actor.tenantId,
        name: request.body.name,
        eventName: request.body.event_name,
        actionPatterns: request.body.action_patterns,
        aggregation: request.body.aggregation,
        stripeMeterId: request.body.stripe_meter_id,
      });
      return reply.code(201).send(meter);
    },
  );
}
