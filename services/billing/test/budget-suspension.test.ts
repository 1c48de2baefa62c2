import { systemActor } from '@bulwark/core';
import type { ServiceApp } from '@bulwark/service-kit';
import type { StartedStripeEmulator } from '@bulwark/stripe-emulator';
import {
  createTestIssuer,
  type ServedTestIssuer,
  type TestIssuer,
  useRedisPrefix,
  useTestDatabase,
} from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBillingApp } from '../src/app.js';
import { suspenderFromConfig } from '../src/auth/suspender-from-config.js';
import { suspendViaAuth } from '../src/auth/suspend-via-auth.js';
import { BILLING_MIGRATION_SOURCES } from '../src/db/migration-sources.js';
import { createBudget } from '../src/domain/budgets.js';
import { enforceBudgets } from '../src/metering/enforce-budgets.js';
import { ingestUsage } from '../src/metering/ingest-usage.js';
import { gatewayFor, job, startEmulator } from './harness.js';
import { type AuthServer, authMigrationSources, startAuthServer } from './support/auth-server.js';

const authDb = useTestDatabase(authMigrationSources);
const billingDb = useTestDatabase(BILLING_MIGRATION_SOURCES);
const redis = useRedisPrefix();

describe('budget kill switch through the real auth API', () => {
  let auth: AuthServer;
  let billingKey: string;
  let tenantId: string;
  let emulator: StartedStripeEmulator;
  let issuer: TestIssuer;
  let served: ServedTestIssuer;
  let app: ServiceApp;
  let reader: string;

  const newAgent = async () => {
    const created = await auth.call<{ agent: { id: string }; client_secret: string }>(
      'POST',
      `/v1/agents?tenant_id=${tenantId}`,
      auth.adminKey,
      { name: 'spender', allowed_scopes: ['email:send'], grant_types: ['client_credentials'] },
    );
    expect(created.status).toBe(201);
    return { id: created.body.agent.id, secret: created.body.client_secret };
  };
  const tokenFor = async (agent: { id: string; secret: string }) =>
    auth.form(
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:send' },
      `Basic ${Buffer.from(`${agent.id}:${agent.secret}`).toString('base64')}`,
    );
  const agentStatus = async (id: string) =>
    (await auth.call<{ status: string }>('GET', `/v1/agents/${id}?tenant_id=${tenantId}`, auth.adminKey)).body
      .status;
  const suspension = async (agentId: string) =>
    (
      await billingDb.pool.query<{ suspended_at: Date | null; attempts: number; last_error: string | null }>(
        'SELECT suspended_at, attempts, last_error FROM budget_suspensions WHERE agent_id = $1',
        [agentId],
      )
    ).rows;
  const spend = (agentId: string, units: number) =>
    ingestUsage(billingDb.pool, [
      job(tenantId, { units, occurred_at: new Date().toISOString(), actor: { type: 'agent', id: agentId } }),
    ]);

  beforeAll(async () => {
    auth = await startAuthServer(authDb, redis);
    // What an operator gives billing: a root-tenant key that may act on any tenant's agents.
    const key = await auth.call<{ key: string }>('POST', '/v1/api-keys', auth.adminKey, {
      name: 'billing budgets',
      scopes: ['auth:admin', 'tenants:admin'],
    });
    expect(key.status).toBe(201);
    billingKey = key.body.key;
    const tenant = await auth.call<{ id: string }>('POST', '/v1/tenants', auth.adminKey, {
      name: 'Spenders',
    });
    expect(tenant.status).toBe(201);
    tenantId = tenant.body.id;

    emulator = await startEmulator();
    issuer = await createTestIssuer();
    served = await issuer.serveJwks();
    app = await buildBillingApp({
      config: {
        issuer: issuer.issuer,
        audience: issuer.audience,
        authUrl: served.url,
        redisUrl: redis.url,
        redisPrefix: redis.prefix,
        stripeWebhookSecret: 'whsec_suspension_tests',
      },
      pool: billingDb.pool,
      stripe: gatewayFor(emulator),
      suspend: suspendViaAuth({ authUrl: auth.url, apiKey: billingKey }),
      auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
      logger: false,
    });
    reader = await issuer.mint({ tenant_id: tenantId, scope: 'billing:read' });
  });
  afterAll(async () => {
    await app?.close();
    await served?.close();
    await emulator?.close();
    await auth?.app.close();
  });

  it('an agent crossing a suspend_agent budget is revoked in auth: no token works, no new one is issued', async () => {
    const agent = await newAgent();
    const token = await tokenFor(agent);
    expect(token.status).toBe(200);
    await createBudget(
      { db: billingDb.pool, actor: systemLike(tenantId) },
      { agentId: agent.id, limitUnits: 5, period: 'day', suspendAgent: true },
    );
    await spend(agent.id, 5);

    const check = await app.inject({
      method: 'GET',
      url: `/v1/budgets/check?agent_id=${agent.id}&units=1`,
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ decision: 'exceeded', used_units: 5, limit_units: 5 });

    expect(await agentStatus(agent.id)).toBe('suspended');
    const introspected = await auth.form(
      '/oauth/introspect',
      { token: token.body.access_token as string },
      `Bearer ${auth.adminKey}`,
    );
    expect(introspected.body).toEqual({ active: false });
    expect((await tokenFor(agent)).status).toBe(400);
    const [row] = await suspension(agent.id);
    expect(row?.suspended_at).toBeInstanceOf(Date);

    // Auth audited the kill switch, naming billing's key as the actor; billing audited the breach.
    const revocations = await authDb.pool.query<{ actor_type: string }>(
      `SELECT payload->'actor'->>'type' AS actor_type FROM outbox
       WHERE payload->>'action' = 'auth.revocation.create' AND payload->'target'->>'id' = $1`,
      [agent.id],
    );
    expect(revocations.rows).toEqual([{ actor_type: 'api_key' }]);
    const breaches = await billingDb.pool.query(
      `SELECT 1 FROM outbox WHERE payload->>'action' = 'billing.budget.exceeded' AND payload->'target'->>'id' = $1`,
      [agent.id],
    );
    expect(breaches.rowCount).toBe(1);
  });

  it('a failed suspension still answers exceeded, is recorded, and is retried until auth confirms it', async () => {
    const agent = await newAgent();
    await createBudget(
      { db: billingDb.pool, actor: systemLike(tenantId) },
      { agentId: agent.id, limitUnits: 3, period: 'day', suspendAgent: true },
    );
    await spend(agent.id, 4);
    const failures: string[] = [];
    const onSuspendError = (error: unknown) => failures.push((error as Error).message);

    // A key without auth:admin: auth answers 403, nothing is suspended.
    const weak = await auth.call<{ key: string }>('POST', '/v1/api-keys', auth.adminKey, {
      name: 'too weak',
      scopes: ['auth:read'],
    });
    const refused = suspendViaAuth({ authUrl: auth.url, apiKey: weak.body.key });
    expect(
      await enforceBudgets({ db: billingDb.pool, suspend: refused, onSuspendError }, [
        job(tenantId, { actor: { type: 'agent', id: agent.id } }),
      ]),
    ).toBe(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/403/);
    expect(failures[0]).not.toContain(weak.body.key);
    expect(await agentStatus(agent.id)).toBe('active');
    expect(await suspension(agent.id)).toMatchObject([{ suspended_at: null, attempts: 1 }]);

    // The next batch that mentions the agent retries, with the right key this time.
    const working = suspendViaAuth({ authUrl: auth.url, apiKey: billingKey });
    await enforceBudgets({ db: billingDb.pool, suspend: working, onSuspendError }, [
      job(tenantId, { actor: { type: 'agent', id: agent.id } }),
    ]);
    expect(await agentStatus(agent.id)).toBe('suspended');
    expect(await suspension(agent.id)).toMatchObject([{ attempts: 2, last_error: null }]);
    expect(failures).toHaveLength(1);
  });

  it('a tenant budget stops every agent that keeps acting past it, not only the first', async () => {
    const first = await newAgent();
    const second = await newAgent();
    const bystander = await newAgent();
    await createBudget(
      { db: billingDb.pool, actor: systemLike(tenantId) },
      { agentId: null, limitUnits: 1_000, period: 'month', suspendAgent: true },
    );
    const usedSoFar = await billingDb.pool.query<{ used: string }>(
      'SELECT COALESCE(sum(units), 0) AS used FROM usage_events WHERE tenant_id = $1',
      [tenantId],
    );
    await spend(first.id, 1_001 - Number(usedSoFar.rows[0]?.used ?? 0));
    const batch = [first, second].map((agent) => job(tenantId, { actor: { type: 'agent', id: agent.id } }));
    const suspend = suspendViaAuth({ authUrl: auth.url, apiKey: billingKey });
    expect(await enforceBudgets({ db: billingDb.pool, suspend }, batch)).toBe(2);
    expect(await agentStatus(first.id)).toBe('suspended');
    expect(await agentStatus(second.id)).toBe('suspended');
    // An agent that did not act after the cap is left alone.
    expect(await agentStatus(bystander.id)).toBe('active');
  });

  it('without BILLING_AUTH_API_KEY suspension is off and the start-up notice says so', () => {
    const off = suspenderFromConfig({ authUrl: auth.url, authApiKey: undefined });
    expect(off.suspend).toBeUndefined();
    expect(off.notice).toMatch(/BILLING_AUTH_API_KEY is not set: budget suspension is DISABLED/);
    expect(suspenderFromConfig({ authUrl: auth.url, authApiKey: billingKey }).suspend).toBeTypeOf('function');
  });
});

/** The admin who creates budgets; only its tenant matters to `createBudget`. */
function systemLike(tenantId: string) {
  return systemActor(tenantId, 'billing-tests');
}
