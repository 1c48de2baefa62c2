import type { StartedStripeEmulator } from '@bulwark/stripe-emulator';
import type { ServiceApp } from '@bulwark/service-kit';
import { createTestIssuer, type ServedTestIssuer, type TestIssuer, useTestDatabase } from '@bulwark/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBillingApp } from '../src/app.js';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { ingestUsage } from '../src/metering/ingest-usage.js';
import type { StripeGateway } from '../src/stripe/stripe-gateway.js';
import { gatewayFor, job, startEmulator } from './harness.js';

const database = useTestDatabase(BILLING_MIGRATION_SOURCES);
const WEBHOOK_SECRET = 'whsec_billing_http_tests';
const TENANT = 'ten_http';

describe('billing HTTP API', () => {
  let emulator: StartedStripeEmulator;
  let stripe: StripeGateway;
  let issuer: TestIssuer;
  let served: ServedTestIssuer;
  let app: ServiceApp;
  let admin: string;
  let reader: string;
  const suspended: string[] = [];
  const sdk = new Stripe('sk_test_signing_only');

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = gatewayFor(emulator);
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
      suspend: async (_tenant, agent) => {
        suspended.push(agent);
      },
      auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
      logger: false,
    });
    admin = await issuer.mint({ tenant_id: TENANT, scope: 'billing:admin billing:read' });
    reader = await issuer.mint({ tenant_id: TENANT, scope: 'billing:read' });
  });
  afterAll(async () => {
    await app.close();
    await served.close();
    await emulator.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string | null, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
    });

  const deliver = (event: Record<string, unknown>, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify(event);
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret });
    return app.inject({
      method: 'POST',
      url: '/v1/stripe/webhooks',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      payload,
    });
  };
  const subscriptionEvent = (id: string, created: number, status: string) => ({
    id,
    object: 'event',
    type: 'customer.subscription.updated',
    created,
    data: {
      object: {
        id: 'sub_http_1',
        object: 'subscription',
        customer: 'cus_http',
        status,
        cancel_at_period_end: false,
        items: { object: 'list', data: [{ id: 'si_1', price: { id: 'price_metered' } }] },
      },
    },
  });

  it('creates a customer and a meter in Stripe and maps them', async () => {
    const customer = await call('POST', '/v1/customers', admin, { name: 'HTTP tenant' });
    expect(customer.statusCode).toBe(201);
    expect(customer.json().stripe_customer_id).toMatch(/^cus_/);
    const meter = await call('POST', '/v1/meters', admin, {
      name: 'Searches',
      event_name: 'http_searches',
      action_patterns: ['agent.action.search*'],
      aggregation: 'count',
    });
    expect(meter.statusCode).toBe(201);
    expect(emulator.ctx.store.meters.get(meter.json().stripe_meter_id)?.event_name).toBe('http_searches');
    expect((await call('POST', '/v1/customers', admin, {})).statusCode).toBe(409);
  });

  it('refuses bad input with problem+json and missing scope with 403', async () => {
    const bad = await call('POST', '/v1/meters', admin, {
      name: 'x',
      event_name: 'y',
      action_patterns: ['NOPE!'],
      aggregation: 'sum',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await call('POST', '/v1/budgets', reader, { limit_units: 5, period: 'day' })).statusCode).toBe(
      403,
    );
    expect((await call('GET', '/v1/usage?group_by=agent&from=x&to=y', reader)).statusCode).toBe(400);
    expect((await call('GET', '/v1/sync/status', null)).statusCode).toBe(401);
  });

  it('reports usage grouped by agent, user, action and day', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await ingestUsage(database.pool, [
      job(TENANT, { occurred_at: at, units: 2 }),
      job(TENANT, {
        occurred_at: at,
        units: 3,
        actor: { type: 'agent', id: 'agt_other' },
        action: 'agent.action.email',
      }),
    ]);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const byAgent = await call('GET', `/v1/usage?group_by=agent&from=${from}&to=${to}`, reader);
    expect(byAgent.statusCode).toBe(200);
    expect(byAgent.json().data).toEqual([
      { key: 'agt_other', units: 3, events: 1 },
      { key: 'agt_search', units: 2, events: 1 },
    ]);
    const byAction = await call('GET', `/v1/usage?group_by=action&from=${from}&to=${to}`, reader);
    expect(byAction.json().data.map((row: { key: string }) => row.key)).toEqual([
      'agent.action.email',
      'agent.action.search',
    ]);
    const status = await call('GET', '/v1/sync/status', reader);
    expect(status.statusCode).toBe(200);
  });

  it('stops an agent at its budget cap, audits the breach once and suspends the agent', async () => {
    const created = await call('POST', '/v1/budgets', admin, {
      agent_id: 'agt_capped',
      limit_units: 10,
      period: 'day',
      suspend_agent: true,
    });
    expect(created.statusCode).toBe(201);
    await ingestUsage(database.pool, [
      job(TENANT, {
        units: 9,
        occurred_at: new Date().toISOString(),
        actor: { type: 'agent', id: 'agt_capped' },
      }),
    ]);
    const allowed = await call('GET', '/v1/budgets/check?agent_id=agt_capped&units=1', reader);
    expect(allowed.json()).toMatchObject({ decision: 'allowed', used_units: 9, remaining_units: 1 });
    const exceeded = await call('POST', '/v1/budgets/check', reader, { agent_id: 'agt_capped', units: 2 });
    expect(exceeded.json()).toMatchObject({ decision: 'exceeded', limit_units: 10 });
    await call('POST', '/v1/budgets/check', reader, { agent_id: 'agt_capped', units: 5 });
    const events = await database.pool.query(
      `SELECT payload->>'action' AS action FROM outbox WHERE payload->>'action' LIKE 'billing.budget.%' ORDER BY created_at`,
    );
    expect(events.rows.map((row) => row.action)).toEqual([
      'billing.budget.create',
      'billing.budget.exceeded',
    ]);
    expect(suspended).toEqual(['agt_capped']);
  });

  it('rejects a webhook with a bad signature (400) and changes nothing', async () => {
    const response = await deliver(subscriptionEvent('evt_bad', 100, 'active'), 'whsec_wrong');
    expect(response.statusCode).toBe(400);
    const rows = await database.pool.query(`SELECT count(*)::int AS n FROM stripe_webhook_events`);
    expect(rows.rows[0]?.n).toBe(0);
  });

  it('applies a replayed event once and lets the newer subscription update win over a late older one', async () => {
    const newer = subscriptionEvent('evt_newer', 2000, 'past_due');
    const older = subscriptionEvent('evt_older', 1000, 'active');
    expect((await deliver(newer)).json()).toMatchObject({ duplicate: false });
    expect((await deliver(newer)).json()).toMatchObject({ duplicate: true });
    expect((await deliver(older)).statusCode).toBe(200);
    const { rows } = await database.pool.query(
      `SELECT status, event_created FROM subscriptions WHERE stripe_subscription_id = 'sub_http_1'`,
    );
    expect(rows).toEqual([{ status: 'past_due', event_created: '2000' }]);
  });

  it('accepts webhooks the emulator delivers, signed by it', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    emulator.ctx.webhooks.configure([{ url: `${address}/v1/stripe/webhooks`, secret: WEBHOOK_SECRET }]);
    const customer = emulator.ctx.store.customers.values().next().value;
    if (!customer) throw new Error('no customer');
    const stripeSdk = new Stripe('sk_test_http', { ...emulator.stripeOptions, maxNetworkRetries: 0 });
    const sub = await stripeSdk.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_x' }],
    });
    await emulator.ctx.webhooks.idle();
    const { rows } = await database.pool.query(
      'SELECT status FROM subscriptions WHERE stripe_subscription_id = $1',
      [sub.id],
    );
    expect(rows).toEqual([{ status: 'active' }]);
  });
});
