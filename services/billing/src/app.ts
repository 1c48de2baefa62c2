import { buildService, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import type { BillingConfig } from './config.js';
import type { SuspendAgent } from './domain/budgets.js';
import { registerBudgetRoutes } from './routes/budget-routes.js';
import { registerCustomerMeterRoutes } from './routes/customer-meter-routes.js';
import { registerPlanRoute } from './routes/plan-route.js';
import { registerUsageRoutes } from './routes/usage-routes.js';
import { registerWebhookRoute } from './routes/webhook-route.js';
import type { StripeGateway } from './stripe/stripe-gateway.js';

export interface BillingAppOptions {
  config: Pick<
    BillingConfig,
    'issuer' | 'audience' | 'authUrl' | 'redisUrl' | 'redisPrefix' | 'stripeWebhookSecret'
  >;
  pool: Pool;
  stripe: StripeGateway;
  suspend?: SuspendAgent;
  auth?: { jwksUrl?: string; introspectionUrl?: string; revocations?: boolean };
  logger?: boolean;
}

/** The billing HTTP API. Process concerns live in server.ts, background work in worker.ts. */
export async function buildBillingApp(options: BillingAppOptions): Promise<ServiceApp> {
  const { config, pool, stripe } = options;
  const app = await buildService({
    name: 'billing',
    version: '0.1.0',
    logger: options.logger ?? true,
    auth: {
      issuer: config.issuer,
      audiences: [config.audience, `${config.audience}:billing`],
      jwksUrl: options.auth?.jwksUrl ?? `${config.authUrl}/.well-known/jwks.json`,
      introspectionUrl: options.auth?.introspectionUrl ?? `${config.authUrl}/oauth/introspect`,
      ...(options.auth?.revocations !== false && {
        redis: { url: config.redisUrl, prefix: config.redisPrefix },
      }),
    },
    ready: { postgres: () => pool.query('SELECT 1') },
    openapi: { description: 'Customers, meters, usage ledger, Stripe sync, budgets and Stripe webhooks.' },
  });
  registerCustomerMeterRoutes(app, { db: pool, stripe });
  registerUsageRoutes(app, pool);
  registerPlanRoute(app, pool);
  registerBudgetRoutes(app, { db: pool, suspend: options.suspend });
  await registerWebhookRoute(app, { db: pool, stripe, secret: config.stripeWebhookSecret });
  return app;
}
