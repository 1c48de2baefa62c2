import { ProblemSchema, type ServiceApp } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { Pool } from 'pg';
import { receiveStripeWebhook } from '../domain/webhooks.js';
import type { StripeGateway } from '../stripe/stripe-gateway.js';

/** Public: Stripe authenticates with the signature, which needs the exact raw body. */
export async function registerWebhookRoute(
  app: ServiceApp,
  ctx: { db: Pool; stripe: StripeGateway; secret: string },
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/v1/stripe/webhooks',
      {
        config: { public: true },
        schema: {
          headers: Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 2000 })) }),
          response: {
            200: Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean(), type: Type.String() }),
            400: ProblemSchema,
          },
        },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const signature = request.headers['stripe-signature'];
        const result = await receiveStripeWebhook(
          ctx,
          raw,
          typeof signature === 'string' ? signature : undefined,
        );
        return { received: true, ...result };
      },
    );
  });
}
