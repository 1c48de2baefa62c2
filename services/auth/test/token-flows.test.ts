import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createApiKey, createUser, scopedToken } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';

const h = useAuthServer();
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT = 'urn:ietf:params:oauth:token-type:access_token';

describe('token flows', () => {
  it('issues client_credentials tokens that verify against the published JWKS (RFC 9068)', async () => {
    const agent = await createAgent(h);
    const res = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:read' },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'email:read', expires_in: 900 });
    const jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token as string, jwks, {
      issuer: h.url,
      audience: 'bulwark',
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: agent.id, client_id: agent.id, scope: 'email:read' });
    expect(typeof payload.tenant_id).toBe('string');
    expect(typeof payload.jti).toBe('string');
  });

  it('client_secret_post works, wrong secret is invalid_client 401 with WWW-Authenticate for Basic', async () => {
    const agent = await createAgent(h);
    const post = await form(h, '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: agent.id,
      client_secret: agent.secret,
    });
    expect(post.status).toBe(200);
    const bad = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials' },
      { authorization: basic(agent.id, 'bws_v1_wrong') },
    );
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('seed call and token exchange give delegated tokens with act, narrowing scope and capped ttl', async () => {
    const user = await createUser(h);
    const agentA = await createAgent(h);
    const agentB = await createAgent(h);
    const backend = await createApiKey(h, ['tokens:delegate']);
    const seed = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agentA.id,
      scope: 'email:read email:send',
      ttl: 3600,
    });
    expect(seed.status).toBe(200);
    expect(seed.body.expires_in).toBe(900);
    const claims = decodeJwt(seed.body.access_token);
    expect(claims).toMatchObject({
      sub: user.id,
      client_id: agentA.id,
      act: { sub: agentA.id },
      scope: 'email:read email:send',
    });

    // Agent B exchanges A's delegated token: act chain grows, innermost = first actor.
    const ex = await form(
      h,
      '/oauth/token',
      {
        grant_type: EXCHANGE,
        subject_token: seed.body.access_token,
        subject_token_type: AT,
        scope: 'email:read',
      },
      { authorization: basic(agentB.id, agentB.secret) },
    );
    expect(ex.status).toBe(200);
    expect(ex.body.issued_token_type).toBe(AT);
    const exClaims = decodeJwt(ex.body.access_token as string);
    expect(exClaims.act).toEqual({ sub: agentB.id, act: { sub: agentA.id } });
    expect(exClaims.exp).toBeLessThanOrEqual(claims.exp as number);

    // Escalation through exchange.
    const esc = await form(
      h,
      '/oauth/token',
      {
        grant_type: EXCHANGE,
        subject_token: ex.body.access_token as string,
        subject_token_type: AT,
        scope: 'email:send',
      },
      { authorization: basic(agentA.id, agentA.secret) },
    );
    expect(esc.status).toBe(400);
    expect(esc.body.error).toBe('invalid_scope');

    // Delegations list shows user → agent.
    const list = await api<{ data: { agent_id: string }[] }>(h, 'GET', `/v1/delegations?user_id=${user.id}`, {
      key: h.adminKey,
    });
    expect(list.body.data.map((d) => d.agent_id)).toContain(agentA.id);
  });

  it('introspection and the kill switch', async () => {
    const agent = await createAgent(h);
    const user = await createUser(h);
    const backend = await createApiKey(h, ['tokens:delegate']);
    const seed = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
      ttl: 600,
    });
    const active = await form(
      h,
      '/oauth/introspect',
      { token: seed.body.access_token },
      { authorization: `Bearer ${backend.key}` },
    );
    expect(active.body).toMatchObject({
      active: true,
      sub: user.id,
      client_id: agent.id,
      act: { sub: agent.id },
    });
    const kill = await api(h, 'POST', `/v1/agents/${agent.id}/revoke`, { key: h.adminKey });
    expect(kill.status).toBe(200);
    const after = await form(
      h,
      '/oauth/introspect',
      { token: seed.body.access_token },
      { authorization: `Bearer ${backend.key}` },
    );
    expect(after.body).toEqual({ active: false });
    const again = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials' },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(again.body.error).toBe('unauthorized_client');
  });
});
