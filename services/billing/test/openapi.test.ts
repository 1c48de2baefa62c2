import { fileURLToPath } from 'node:url';
import { createPool } from '@bulwark/db';
import { assertOpenApiUpToDate, writeOpenApi } from '@bulwark/service-kit';
import { describe, it } from 'vitest';
import { buildBillingApp } from '../src/app.js';
import { createStripeGateway } from '../src/stripe/stripe-gateway.js';

const file = fileURLToPath(new URL('../openapi.json', import.meta.url));

describe('openapi.json', () => {
  it('matches the routes (regenerate with pnpm --filter @bulwark/billing openapi)', async () => {
    // Neither the pool nor Stripe is contacted: building the app touches neither.
    const pool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 1 });
    const app = await buildBillingApp({
      config: {
        issuer: 'http://127.0.0.1:4001',
        audience: 'bulwark',
        authUrl: 'http://127.0.0.1:4001',
        redisUrl: 'redis://127.0.0.1:6379',
        redisPrefix: 'bulwark:',
        stripeWebhookSecret: 'whsec_openapi',
      },
      pool,
      stripe: createStripeGateway({ secretKey: 'sk_test_openapi' }),
      auth: { revocations: false },
      logger: false,
    });
    try {
      if (process.env.UPDATE_OPENAPI === '1') await writeOpenApi(app, file);
      await assertOpenApiUpToDate(app, file);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
