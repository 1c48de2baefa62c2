import { createTestIssuer } from '@bulwark/testing';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { sweepExpired } from '../src/infra/expiry-sweep.js';
import { createAgent, createUser, scopedToken } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';
import { pollUntil } from './helpers/verifier-service.js';

const h = useAuthServer({ AUTH_MAX_TOKEN_TTL: '7200' });
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const AT = 'urn:ietf:params:oauth:token-type:access_token';

/** A fresh non-root tenant and an admin API key of it. */
async function newTenant(body: Record<string, unknown> = {}) {
  const tenant = await api<{ id: string; max_token_ttl: number | null }>(h, 'POST', '/v1/tenants', {
    key: h.adminKey,
    body: { name: `t${Math.random().toString(36).slice(2)}`, ...body },
  });
  expect(tenant.status).toBe(201);
  const key = await api<{ key: string }>(h, 'POST', `/v1/api-keys?tenant_id=${tenant.body.id}`, {
    key: h.adminKey,
    body: {
      name: 'tenant admin',
      scopes: [
        'auth:admin',
        'auth:read',
        'tokens:delegate',
        'email:*',
        'calendar:*',
        'files:*',
        'offline_access',
      ],
    },
  });
  expect(key.status).toBe(201);
  h.secrets.add(key.body.key);
  return { id: tenant.body.id, tenant: tenant.body, key: key.body.key };
}

const clientCredentials = (agent: { id: string; secret: string }, expiresIn = '3600') =>
  form(
    h,
    '/oauth/token',
    { grant_type: 'client_credentials', scope: 'email:read', expires_in: expiresIn },
    { authorization: basic(agent.id, agent.secret) },
  );

describe('per-tenant max_token_ttl', () => {
  it('is validated on create and update, and its changes are audited', async () => {
    const tooShort = await api(h, 'POST', '/v1/tenants', {
      key: h.adminKey,
      body: { name: 'x', max_token_ttl: 5 },
    });
    expect(tooShort.status).toBe(400);
    const notInt = await api(h, 'POST', '/v1/tenants', {
      key: h.adminKey,
      body: { name: 'x', max_token_ttl: 'soon' },
    });
    expect(notInt.status).toBe(400);
    // Above the system maximum (AUTH_MAX_TOKEN_TTL = 7200 here) it could never bite: refused.
    const aboveSystem = await api<{ detail: string; errors: { field: string; message: string }[] }>(
      h,
      'POST',
      '/v1/tenants',
      { key: h.adminKey, body: { name: 'x', max_token_ttl: 7201 } },
    );
    expect(aboveSystem.status).toBe(400);
    expect(JSON.stringify(aboveSystem.body)).toMatch(/AUTH_MAX_TOKEN_TTL/);

    const { id, tenant } = await newTenant({ max_token_ttl: 600 });
    expect(tenant.max_token_ttl).toBe(600);
    const patched = await api<{ max_token_ttl: number | null }>(h, 'PATCH', `/v1/tenants/${id}`, {
      key: h.adminKey,
      body: { max_token_ttl: 300 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.max_token_ttl).toBe(300);
    const bad = await api(h, 'PATCH', `/v1/tenants/${id}`, { key: h.adminKey, body: { max_token_ttl: 0 } });
    expect(bad.status).toBe(400);
    // A name-only update leaves the cap alone; null removes it.
    const renamed = await api<{ max_token_ttl: number | null }>(h, 'PATCH', `/v1/tenants/${id}`, {
      key: h.adminKey,
      body: { name: 'renamed' },
    });
    expect(renamed.body.max_token_ttl).toBe(300);
    const cleared = await api<{ max_token_ttl: number | null }>(h, 'PATCH', `/v1/tenants/${id}`, {
      key: h.adminKey,
      body: { max_token_ttl: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.max_token_ttl).toBeNull();
    expect(
      (await api<{ max_token_ttl: number | null }>(h, 'GET', `/v1/tenants/${id}`, { key: h.adminKey })).body
        .max_token_ttl,
    ).toBeNull();

    const { rows } = await h.deps.pool.query<{ before: number | null; after: number | null }>(
      `SELECT (payload->'metadata'->'lifetime_cap_seconds'->>'before')::int AS before,
              (payload->'metadata'->'lifetime_cap_seconds'->>'after')::int AS after
       FROM outbox WHERE payload->>'action' = 'auth.tenant.update' AND payload->'target'->>'id' = $1
       ORDER BY created_at, id`,
      [id],
    );
    expect(rows).toEqual([
      { before: 600, after: 300 },
      { before: 300, after: 300 },
      { before: 300, after: null },
    ]);
  });

  it('caps client_credentials, token exchange, the seed call, refresh and JWT bearer in the tenant', async () => {
    const { id, key } = await newTenant();
    const user = await createUser(h, `cap-${Math.random().toString(36).slice(2)}@example.com`, key);
    const probe = await createAgent(h, { max_token_ttl: 3600 }, key);
    const delegate = await createAgent(h, { max_token_ttl: 3600 }, key);

    // No tenant cap: the agent's max (3600) is the limit.
    expect((await clientCredentials(probe)).body.expires_in).toBe(3600);
    const seed = await scopedToken(h, key, {
      user_id: user.id,
      agent_id: delegate.id,
      scope: 'email:read',
      ttl: 3600,
      refresh_token: true,
    });
    expect(seed.status).toBe(200);
    expect(seed.body.expires_in).toBe(3600);
    const refreshToken = seed.body.refresh_token as string;
    h.secrets.add(refreshToken);

    expect(
      (await api(h, 'PATCH', `/v1/tenants/${id}`, { key: h.adminKey, body: { max_token_ttl: 300 } })).status,
    ).toBe(200);

    // client_credentials: the cached client record of `probe` is dropped by the tenant change.
    const capped = await pollUntil(
      async () => Number((await clientCredentials(probe)).body.expires_in),
      300,
      1_000,
    );
    expect(capped.status).toBe(300);
    const token = (await clientCredentials(probe)).body.access_token as string;
    const claims = decodeJwt(token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);

    // Token exchange: the subject still has ~3600 s, the agent allows 3600, the tenant 300.
    const exchanger = await createAgent(h, { max_token_ttl: 3600 }, key);
    const ex = await form(
      h,
      '/oauth/token',
      {
        grant_type: EXCHANGE,
        subject_token: seed.body.access_token,
        subject_token_type: AT,
        expires_in: '3000',
      },
      { authorization: basic(exchanger.id, exchanger.secret) },
    );
    expect(ex.status).toBe(200);
    expect(ex.body.expires_in).toBe(300);

    // Seed call.
    const seedAgain = await scopedToken(h, key, {
      user_id: user.id,
      agent_id: delegate.id,
      scope: 'email:read',
      ttl: 3600,
    });
    expect(seedAgain.status).toBe(200);
    expect(seedAgain.body.expires_in).toBe(300);

    // Refresh (the delegate's first token-endpoint call: its record is read after the change).
    const refreshed = await form(
      h,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { authorization: basic(delegate.id, delegate.secret) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(300);
    if (typeof refreshed.body.refresh_token === 'string') h.secrets.add(refreshed.body.refresh_token);

    // JWT bearer (user tokens default to AUTH_USER_TOKEN_TTL = 900 s).
    const idp = await createTestIssuer({ issuer: `https://idp-${id}.example`, audience: 'bulwark-cap' });
    const served = await idp.serveJwks();
    try {
      const email = `jb-${Math.random().toString(36).slice(2)}@example.com`;
      await createUser(h, email, key);
      expect(
        (
          await api(h, 'POST', '/v1/trusted-issuers', {
            key,
            body: {
              issuer: idp.issuer,
              jwks_uri: served.jwksUrl,
              audience: 'bulwark-cap',
              subject_claim: 'email',
            },
          })
        ).status,
      ).toBe(201);
      const bearerAgent = await createAgent(h, { grant_types: [JWT_BEARER] }, key);
      const assertion = await idp.mint({ sub: 'idp|u', email, aud: 'bulwark-cap' }, { expiresIn: 600 });
      const jb = await form(
        h,
        '/oauth/token',
        { grant_type: JWT_BEARER, assertion, scope: 'email:read' },
        { authorization: basic(bearerAgent.id, bearerAgent.secret) },
      );
      expect(jb.status).toBe(200);
      expect(jb.body.expires_in).toBe(300);
    } finally {
      await served.close();
    }

    // Another tenant is not affected.
    const other = await newTenant();
    const otherAgent = await createAgent(h, { max_token_ttl: 3600 }, other.key);
    expect((await clientCredentials(otherAgent)).body.expires_in).toBe(3600);

    // Removing the cap restores the agent's max.
    await api(h, 'PATCH', `/v1/tenants/${id}`, { key: h.adminKey, body: { max_token_ttl: null } });
    const restored = await pollUntil(
      async () => Number((await clientCredentials(probe)).body.expires_in),
      3600,
      1_000,
    );
    expect(restored.status).toBe(3600);
  });
});

describe('agent scopes must be in the tenant scope catalog', () => {
  it('checks admin create/update and RFC 7591 registration once the tenant has a catalog', async () => {
    const { key } = await newTenant();
    // Empty catalog: the tenant has not adopted it; free-form scopes are accepted.
    await createAgent(h, { allowed_scopes: ['files:read'] }, key);

    expect((await api(h, 'POST', '/v1/scopes', { key, body: { name: 'email:read' } })).status).toBe(201);
    expect((await api(h, 'POST', '/v1/scopes', { key, body: { name: 'email:send' } })).status).toBe(201);

    const unknown = await api<{ detail: string; errors: { field: string; message: string }[] }>(
      h,
      'POST',
      '/v1/agents',
      { key, body: { name: 'typo', allowed_scopes: ['email:read', 'email:sned', 'files:read'] } },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toMatch(/email:sned files:read/);
    expect(unknown.body.detail).toMatch(/POST \/v1\/scopes/);
    expect(unknown.body.errors[0]?.field).toBe('/body/allowed_scopes');

    // Catalogued scopes, a wildcard covering catalogued ones, and the protocol scope offline_access pass.
    const ok = await createAgent(h, { allowed_scopes: ['email:read', 'email:*', 'offline_access'] }, key);
    const patch = await api<{ detail: string }>(h, 'PATCH', `/v1/agents/${ok.id}`, {
      key,
      body: { allowed_scopes: ['email:read', 'calendar:read'] },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.detail).toMatch(/calendar:read/);
    const wildcard = await api(h, 'PATCH', `/v1/agents/${ok.id}`, {
      key,
      body: { allowed_scopes: ['calendar:*'] },
    });
    expect(wildcard.status).toBe(400);
    const fine = await api(h, 'PATCH', `/v1/agents/${ok.id}`, {
      key,
      body: { allowed_scopes: ['email:send'] },
    });
    expect(fine.status).toBe(200);

    const registered = await api<{ error: string; error_description: string }>(h, 'POST', '/oauth/register', {
      key,
      body: { client_name: 'dyn', scope: 'email:read files:write', grant_types: ['client_credentials'] },
    });
    expect(registered.status).toBe(400);
    expect(registered.body.error).toBe('invalid_client_metadata');
    expect(registered.body.error_description).toMatch(/files:write/);
    expect(registered.body.error_description).toMatch(/POST \/v1\/scopes/);
    const good = await api<{ client_id: string; client_secret: string }>(h, 'POST', '/oauth/register', {
      key,
      body: { client_name: 'dyn', scope: 'email:read', grant_types: ['client_credentials'] },
    });
    expect(good.status).toBe(201);
    h.secrets.add(good.body.client_secret);
  });
});

describe('idempotency keys expire', () => {
  it('replays within the window; an expired key is replaced; the sweep deletes expired rows', async () => {
    const idem = `idem-${Math.random().toString(36).slice(2)}`;
    const post = (email: string) =>
      api<{ id: string; email: string }>(h, 'POST', '/v1/users', {
        key: h.adminKey,
        body: { email },
        headers: { 'idempotency-key': idem },
      });
    const first = await post('first@idem.example');
    expect(first.status).toBe(201);
    const replay = await post('first@idem.example');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect((await post('other@idem.example')).status).toBe(409);

    // Older than AUTH_IDEMPOTENCY_TTL (24 h): ignored, the request runs and its response replaces it.
    await h.deps.pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [idem],
    );
    const fresh = await post('second@idem.example');
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.id).not.toBe(first.body.id);
    const replayFresh = await post('second@idem.example');
    expect(replayFresh.headers.get('idempotent-replayed')).toBe('true');
    expect(replayFresh.body.id).toBe(fresh.body.id);

    // The sweep deletes expired keys (and used assertion jtis past their exp), nothing else.
    await h.deps.pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [idem],
    );
    const live = `idem-live-${Math.random().toString(36).slice(2)}`;
    expect(
      (
        await api(h, 'POST', '/v1/users', {
          key: h.adminKey,
          body: { email: 'live@idem.example' },
          headers: { 'idempotency-key': live },
        })
      ).status,
    ).toBe(201);
    await h.deps.pool.query(
      `INSERT INTO used_assertion_jtis (client_id, jti, expires_at)
       VALUES ('agt_sweep', 'old', now() - interval '1 minute'), ('agt_sweep', 'new', now() + interval '5 minutes')`,
    );
    const swept = await sweepExpired(h.deps.pool, h.config.idempotencyTtl);
    expect(swept.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(swept.assertionJtis).toBeGreaterThanOrEqual(1);
    const keys = await h.deps.pool.query<{ key: string }>(
      'SELECT key FROM idempotency_keys WHERE key = ANY($1)',
      [[idem, live]],
    );
    expect(keys.rows.map((r) => r.key)).toEqual([live]);
    const jtis = await h.deps.pool.query<{ jti: string }>(
      `SELECT jti FROM used_assertion_jtis WHERE client_id = 'agt_sweep'`,
    );
    expect(jtis.rows.map((r) => r.jti)).toEqual(['new']);
  });
});
