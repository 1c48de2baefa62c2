import type { ServiceApp } from '@bulwark/service-kit';
import type { StartedStripeEmulator } from '@bulwark/stripe-emulator';
import { createTestIssuer, type ServedTestIssuer, type TestIssuer, useTestDatabase } from '@bulwark/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBillingApp } from '../src/app.js';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { createCustomer } from '../src/domain/customers.js';
import { gatewayFor, startEmulator } from './harness.js';

const database = useTestDatabase(BILLING_MIGRATION_SOURCES);
const WEBHOOK_SECRET = 'whsec_plan_tests';
const TENANT = 'ten_plan';

describe('GET /v1/plan', () => {
  let emulator: StartedStripeEmulator;
  let issuer: TestIssuer;
  let served: ServedTestIssuer;
  let app: ServiceApp;
  let tenantCustomer: string;
  let bobCustomer: string;
  const sdk = new Stripe('sk_test_signing_only');

  beforeAll(async () => {
    emulator = await startEmulator();
    const stripe = gatewayFor(emulator);
    issuer = await createTestIssuer();
    served = await issuer.serveJwks();
    app = await buildBillingApp({
      config: {
        issuer: issuer.issuer,
        audience: issuer.audience,
        authUrl: served.url,
        redisUrl: 'redis://127.0.0.1:6379',
        redisPrefix: 'unused:',
        stripeWebhookSecret: WEBHOOK_SECRET,
      },
      pool: database.pool,
      stripe,
      auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
      logger: false,
    });
    const ctx = { db: database.pool, stripe };
    tenantCustomer = (await createCustomer(ctx, { tenantId: TENANT, subjectId: null, name: 'Plan Co' }))
      .stripe_customer_id;
    bobCustomer = (await createCustomer(ctx, { tenantId: TENANT, subjectId: 'usr_bob', name: 'Bob' }))
      .stripe_customer_id;
  });
  afterAll(async () => {
    await app?.close();
    await served?.close();
    await emulator?.close();
  });

  let eventSeq = 0;
  const subscriptionEvent = (
    subscription: { id: string; customer: string; status: string; metadata?: Record<string, string> },
    price: Record<string, unknown>,
    created: number,
  ) => {
    eventSeq += 1;
    const payload = JSON.stringify({
      id: `evt_plan_${eventSeq}`,
      object: 'event',
      type: 'customer.subscription.updated',
      created,
      data: {
        object: {
          object: 'subscription',
          cancel_at_period_end: false,
          metadata: {},
          ...subscription,
          items: { object: 'list', data: [{ id: `si_${eventSeq}`, price: { object: 'price', ...price } }] },
        },
      },
    });
    return app.inject({
      method: 'POST',
      url: '/v1/stripe/webhooks',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
      },
      payload,
    });
  };
  const planFor = async (claims: Record<string, unknown>) => {
    const token = await issuer.mint({ tenant_id: TENANT, scope: 'billing:read', ...claims });
    return app.inject({ method: 'GET', url: '/v1/plan', headers: { authorization: `Bearer ${token}` } });
  };

  it('answers null before any subscription is mirrored', async () => {
    const response = await planFor({ sub: 'usr_anyone' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ plan: null, source: null, stripe_subscription_id: null, status: null });
  });

  it("takes the tenant's plan from the price nickname, and a user's own plan from metadata", async () => {
    expect(
      (
        await subscriptionEvent(
          { id: 'sub_tenant', customer: tenantCustomer, status: 'active' },
          { id: 'price_team', nickname: 'Team', metadata: {}, product: 'prod_x' },
          1000,
        )
      ).statusCode,
    ).toBe(200);
    await subscriptionEvent(
      { id: 'sub_bob', customer: bobCustomer, status: 'trialing', metadata: { plan: 'enterprise' } },
      { id: 'price_ent', nickname: 'Enterprise monthly', metadata: {}, product: 'prod_y' },
      1000,
    );

    expect((await planFor({ sub: 'usr_carol' })).json()).toEqual({
      plan: 'Team',
      source: 'tenant',
      stripe_subscription_id: 'sub_tenant',
      status: 'active',
    });
    expect((await planFor({ sub: 'usr_bob' })).json()).toMatchObject({
      plan: 'enterprise',
      source: 'end_customer',
    });
    // An agent acting for bob gets bob's plan: flags enrich with the delegating user's plan.
    const delegated = await planFor({ sub: 'usr_bob', client_id: 'agt_mail', act: { sub: 'agt_mail' } });
    expect(delegated.json()).toMatchObject({ plan: 'enterprise', source: 'end_customer' });
  });

  it("falls back to the tenant's plan when the user's subscription is canceled, and ignores older updates", async () => {
    await subscriptionEvent(
      { id: 'sub_bob', customer: bobCustomer, status: 'canceled', metadata: { plan: 'enterprise' } },
      { id: 'price_ent', nickname: 'Enterprise monthly', metadata: {}, product: 'prod_y' },
      2000,
    );
    // A late, older "active" update must not resurrect it.
    await subscriptionEvent(
      { id: 'sub_bob', customer: bobCustomer, status: 'active', metadata: { plan: 'enterprise' } },
      { id: 'price_ent', nickname: 'Enterprise monthly', metadata: {}, product: 'prod_y' },
      1500,
    );
    expect((await planFor({ sub: 'usr_bob' })).json()).toMatchObject({ plan: 'Team', source: 'tenant' });
    // Price metadata beats the nickname on a plan change.
    await subscriptionEvent(
      { id: 'sub_tenant', customer: tenantCustomer, status: 'active' },
      { id: 'price_scale', nickname: 'Scale (annual)', metadata: { plan: 'scale' }, product: 'prod_z' },
      3000,
    );
    expect((await planFor({ sub: 'usr_carol' })).json()).toMatchObject({ plan: 'scale' });
  });

  it("never shows another tenant's plan, and needs billing:read", async () => {
    const other = await planFor({ sub: 'usr_bob', tenant_id: 'ten_other' });
    expect(other.json()).toMatchObject({ plan: null });
    const unscoped = await planFor({ sub: 'usr_bob', scope: 'email' });
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'GET', url: '/v1/plan' })).statusCode).toBe(401);
  });
});
