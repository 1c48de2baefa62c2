import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createTestClock } from '@bulwark/core';
import { encodeUnsignedJwt } from '@bulwark/testing';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptWithKek } from '../src/keys/kek.js';
import { mintAccessToken } from '../src/oauth/access-token.js';
import { createAgent, createApiKey, createUser, scopedToken } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';

const h = useAuthServer();
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT = 'urn:ietf:params:oauth:token-type:access_token';

let user: { id: string };
let agent: { id: string; secret: string };
let backend: { key: string };
let good: string;

const exchange = (token: string, who = agent, extra: Record<string, string> = {}) =>
  form(
    h,
    '/oauth/token',
    { grant_type: EXCHANGE, subject_token: token, subject_token_type: AT, ...extra },
    { authorization: basic(who.id, who.secret) },
  );

function forgeWithOwnKey(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = encodeUnsignedJwt(header, payload).slice(0, -1);
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

beforeAll(async () => {
  user = await createUser(h);
  agent = await createAgent(h);
  backend = await createApiKey(h, ['tokens:delegate']);
  const seed = await scopedToken(h, backend.key, {
    user_id: user.id,
    agent_id: agent.id,
    scope: 'email:read email:send',
    ttl: 600,
  });
  good = seed.body.access_token;
});

describe('forged and invalid subject tokens are refused', () => {
  const claims = () => {
    const [, payload] = good.split('.');
    return JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as Record<string, unknown>;
  };
  const header = () => decodeProtectedHeader(good) as Record<string, unknown>;

  const cases: [string, () => Promise<string>][] = [
    ['alg none', async () => encodeUnsignedJwt({ ...header(), alg: 'none' }, claims())],
    [
      'HS256 signed with the public key',
      async () => {
        const jwks = (await api<{ keys: Record<string, unknown>[] }>(h, 'GET', '/.well-known/jwks.json'))
          .body;
        const input = encodeUnsignedJwt({ ...header(), alg: 'HS256' }, claims()).slice(0, -1);
        const sig = createHmac('sha256', JSON.stringify(jwks.keys[0])).update(input).digest('base64url');
        return `${input}.${sig}`;
      },
    ],
    [
      'embedded jwk header',
      async () => {
        const pair = await generateKeyPair('ES256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', jwk: await exportJWK(pair.publicKey) })
          .sign(pair.privateKey);
      },
    ],
    ['jku header', async () => forgeWithOwnKey({ ...header(), jku: 'https://evil.example/jwks' }, claims())],
    ['x5u header', async () => forgeWithOwnKey({ ...header(), x5u: 'https://evil.example/cert' }, claims())],
    [
      'all-zero signature',
      async () => `${good.split('.').slice(0, 2).join('.')}.${Buffer.alloc(64).toString('base64url')}`,
    ],
    [
      'expired',
      async () =>
        (
          await mintAccessToken(
            { ...h.deps, clock: createTestClock(Date.now() - 3_600_000) },
            {
              sub: user.id,
              clientId: agent.id,
              tenantId: claims().tenant_id as string,
              scopes: ['email:read'],
              audiences: ['bulwark'],
              ttlSeconds: 60,
            },
          )
        ).token,
    ],
    [
      'wrong issuer',
      async () =>
        (
          await mintAccessToken(
            { ...h.deps, config: { ...h.deps.config, issuer: 'https://evil.example' } },
            {
              sub: user.id,
              clientId: agent.id,
              tenantId: claims().tenant_id as string,
              scopes: ['email:read'],
              audiences: ['bulwark'],
              ttlSeconds: 60,
            },
          )
        ).token,
    ],
  ];

  for (const [name, make] of cases) {
    it(`${name}: exchange → invalid_grant, introspection → inactive, API → 401`, async () => {
      const token = await make();
      const ex = await exchange(token);
      expect(ex.status).toBe(400);
      expect(ex.body.error).toBe('invalid_grant');
      const intro = await form(h, '/oauth/introspect', { token }, { authorization: `Bearer ${backend.key}` });
      expect(intro.body).toEqual({ active: false });
      const call = await api(h, 'GET', '/v1/users', { key: token });
      expect(call.status).toBe(401);
    });
  }

  it('wrong audience: refused by Bulwark APIs', async () => {
    const token = (
      await mintAccessToken(h.deps, {
        sub: user.id,
        clientId: agent.id,
        tenantId: claims().tenant_id as string,
        scopes: ['auth:read'],
        audiences: ['https://other.example'],
        ttlSeconds: 60,
      })
    ).token;
    expect((await api(h, 'GET', '/v1/users', { key: token })).status).toBe(401);
  });

  it('revoked jti', async () => {
    const seed = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
    });
    const jti = claimsOf(seed.body.access_token).jti as string;
    const revoke = await api(h, 'POST', '/v1/revocations', {
      key: h.adminKey,
      body: { kind: 'jti', value: jti },
    });
    expect(revoke.status).toBe(201);
    expect((await exchange(seed.body.access_token)).body.error).toBe('invalid_grant');
    const intro = await form(
      h,
      '/oauth/introspect',
      { token: seed.body.access_token },
      { authorization: `Bearer ${backend.key}` },
    );
    expect(intro.body).toEqual({ active: false });
    // Mirrored into Redis for verifiers (docs/contracts.md).
    const score = await h.deps.redis.zscore(`${h.config.redisPrefix}revoked:jti`, jti);
    expect(score).not.toBeNull();
  });

  it("another tenant's token", async () => {
    const tenant = await api<{ id: string }>(h, 'POST', '/v1/tenants', {
      key: h.adminKey,
      body: { name: 'other' },
    });
    const otherAdmin = await api<{ key: string }>(h, 'POST', `/v1/api-keys?tenant_id=${tenant.body.id}`, {
      key: h.adminKey,
      body: { name: 'a', scopes: ['auth:admin', 'auth:read', 'email:read'] },
    });
    h.secrets.add(otherAdmin.body.key);
    const otherAgent = await createAgent(h, { allowed_scopes: ['email:read'] }, otherAdmin.body.key);
    const ex = await exchange(good, otherAgent);
    expect(ex.body.error).toBe('invalid_grant');
    // Cross-tenant reads answer 404.
    expect((await api(h, 'GET', `/v1/users/${user.id}`, { key: otherAdmin.body.key })).status).toBe(404);
    expect(
      (
        await form(
          h,
          '/oauth/introspect',
          { token: good },
          { authorization: `Bearer ${otherAdmin.body.key}` },
        )
      ).body,
    ).toEqual({ active: false });
    // Seed call with another tenant's agent → 404.
    expect(
      (await scopedToken(h, backend.key, { user_id: user.id, agent_id: otherAgent.id, scope: 'email:read' }))
        .status,
    ).toBe(404);
  });
});

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('exchange abuse', () => {
  it('scope escalation → invalid_scope', async () => {
    const ex = await exchange(good, agent, { scope: 'calendar:read' });
    expect(ex.status).toBe(400);
    expect(ex.body.error).toBe('invalid_scope');
  });

  it('ttl beyond the subject token → invalid_request; default is capped by it', async () => {
    const ex = await exchange(good, agent, { expires_in: '100000' });
    expect(ex.body.error).toBe('invalid_request');
    const ok = await exchange(good, agent);
    expect(claimsOf(ok.body.access_token as string).exp).toBeLessThanOrEqual(claimsOf(good).exp as number);
  });

  it('chain deeper than the limit (3) → invalid_grant', async () => {
    const b = await createAgent(h);
    const c = await createAgent(h);
    const d = await createAgent(h);
    const t2 = await exchange(good, b);
    const t3 = await exchange(t2.body.access_token as string, c);
    expect(t3.status).toBe(200);
    expect(claimsOf(t3.body.access_token as string).act).toEqual({
      sub: c.id,
      act: { sub: b.id, act: { sub: agent.id } },
    });
    const t4 = await exchange(t3.body.access_token as string, d);
    expect(t4.status).toBe(400);
    expect(t4.body.error).toBe('invalid_grant');
  });

  it('audience not allowed → invalid_target', async () => {
    const ex = await exchange(good, agent, { resource: 'https://mail.example' });
    expect(ex.body.error).toBe('invalid_target');
  });

  it('suspended agent → unauthorized_client', async () => {
    const s = await createAgent(h);
    expect((await api(h, 'POST', `/v1/agents/${s.id}/suspend`, { key: h.adminKey })).status).toBe(200);
    const ex = await exchange(good, s);
    expect(ex.body.error).toBe('unauthorized_client');
  });

  it('disallowed grant → unauthorized_client; unknown grant → unsupported_grant_type', async () => {
    const ccOnly = await createAgent(h, { grant_types: ['client_credentials'] });
    expect((await exchange(good, ccOnly)).body.error).toBe('unauthorized_client');
    const unknown = await form(
      h,
      '/oauth/token',
      { grant_type: 'password' },
      { authorization: basic(ccOnly.id, ccOnly.secret) },
    );
    expect(unknown.body.error).toBe('unsupported_grant_type');
  });

  it('replayed private_key_jwt assertion → invalid_client', async () => {
    const pair = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    const pk = await createAgent(h, { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } });
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(pk.id)
      .setSubject(pk.id)
      .setAudience(`${h.url}/oauth/token`)
      .setJti(`j-${Date.now()}`)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(pair.privateKey);
    const params = {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
    expect((await form(h, '/oauth/token', params)).status).toBe(200);
    const replay = await form(h, '/oauth/token', params);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_client');
  });

  it('refresh token rotation; reuse revokes the family', async () => {
    const seed = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
      refresh_token: true,
    });
    const first = seed.body.refresh_token as string;
    expect(first).toMatch(/^bwr_v1_/);
    h.secrets.add(first);
    const r1 = await form(
      h,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: first },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(r1.status).toBe(200);
    const second = r1.body.refresh_token as string;
    h.secrets.add(second);
    const reuse = await form(
      h,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: first },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(reuse.body.error).toBe('invalid_grant');
    const afterTheft = await form(
      h,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: second },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(afterTheft.body.error).toBe('invalid_grant');
  });
});

describe('bad input never yields a 500', () => {
  it('garbage bodies, headers and params answer 4xx', async () => {
    const probes = [
      await form(h, '/oauth/token', {}),
      await form(h, '/oauth/token', { grant_type: ['client_credentials', 'client_credentials'] }),
      await form(h, '/oauth/token', { grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }),
      await form(h, '/oauth/token', {
        grant_type: 'client_credentials',
        client_assertion_type: 'x',
        client_assertion: 'a.b.c',
      }),
      await form(h, '/oauth/introspect', {}),
      await form(h, '/oauth/revoke', { token: 'x' }, { authorization: 'Bearer nope' }),
      await api(h, 'POST', '/v1/agents', { key: h.adminKey, body: { name: 5 } }),
      await api(h, 'POST', '/v1/tokens/scoped', { key: backend.key, body: { agent_id: 'agt_x', scope: '' } }),
      await api(h, 'GET', '/v1/agents?limit=abc', { key: h.adminKey }),
      await api(h, 'POST', '/oauth/register', {
        key: h.adminKey,
        body: { scope: 'not-held-scope', grant_types: ['implicit'] },
      }),
    ];
    for (const p of probes) {
      expect(p.status).toBeGreaterThanOrEqual(400);
      expect(p.status).toBeLessThan(500);
    }
  });
});

describe('no secret leaks', () => {
  it('no client secret, API key, refresh token or private key appears in logs or audit events', async () => {
    const { rows } = await h.deps.pool.query<{ payload: unknown }>('SELECT payload FROM outbox_events');
    const events = rows.map((r) => JSON.stringify(r.payload));
    expect(events.some((e) => e.includes('"denied"'))).toBe(true);
    const keys = await h.deps.pool.query<{ kid: string; private_key_enc: string }>(
      'SELECT kid, private_key_enc FROM signing_keys',
    );
    const secrets = [...h.secrets];
    for (const key of keys.rows) {
      const pem = decryptWithKek(Buffer.from(h.config.kek as string, 'base64'), key.private_key_enc, key.kid);
      secrets.push(pem.split('\n').slice(1, -2).join(''));
    }
    expect(secrets.length).toBeGreaterThan(5);
    const haystack = [...h.logs, ...events].join('\n');
    for (const secret of secrets) expect(haystack.includes(secret)).toBe(false);
  });
});
