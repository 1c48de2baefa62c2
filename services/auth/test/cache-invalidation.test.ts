import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createApiKey } from './helpers/fixtures.js';
import { api, basic, form, type Harness, useAuthCluster } from './helpers/harness.js';
import { pollUntil } from './helpers/verifier-service.js';

// Two instances on one Postgres and Redis. Each warms its in-process caches (client records, API
// keys, revocation mirror) first, so these tests prove the caches are invalidated across instances.
const [a, b] = useAuthCluster(2) as [Harness, Harness];

const clientCredentials = (h: Harness, agent: { id: string; secret: string }) =>
  form(
    h,
    '/oauth/token',
    { grant_type: 'client_credentials', scope: 'email:read' },
    {
      authorization: basic(agent.id, agent.secret),
    },
  );

const introspect = (h: Harness, token: string, key = h.adminKey) =>
  form(h, '/oauth/introspect', { token }, { authorization: `Bearer ${key}` });

describe('in-process caches stay exact across instances', () => {
  it('suspending an agent on A makes B refuse client_credentials within 1 s (at once in practice)', async () => {
    const agent = await createAgent(a);
    // Warm B's client cache.
    for (let i = 0; i < 3; i++) expect((await clientCredentials(b, agent)).status).toBe(200);

    const suspended = await api(a, 'POST', `/v1/agents/${agent.id}/suspend`, { key: a.adminKey });
    expect(suspended.status).toBe(200);
    const refused = await pollUntil(async () => (await clientCredentials(b, agent)).status, 400, 1_000);
    expect(refused.status).toBe(400);
    const answer = await clientCredentials(b, agent);
    expect(answer.body.error).toBe('unauthorized_client');

    expect((await api(a, 'POST', `/v1/agents/${agent.id}/reinstate`, { key: a.adminKey })).status).toBe(200);
    expect((await pollUntil(async () => (await clientCredentials(b, agent)).status, 200, 1_000)).status).toBe(
      200,
    );
  });

  it('a secret rotated on A stops working on B within one change delivery (1 s deadline); the new one then works there', async () => {
    const agent = await createAgent(a);
    expect((await clientCredentials(b, agent)).status).toBe(200);
    const rotated = await api<{ client_secret: string }>(a, 'POST', `/v1/agents/${agent.id}/rotate-secret`, {
      key: a.adminKey,
    });
    expect(rotated.status).toBe(200);
    b.secrets.add(rotated.body.client_secret);
    // B's client record is dropped when A's change announcement arrives (README "Caches"): under a
    // loaded machine that delivery can land just after A's response, so B is polled, not hit once.
    expect((await pollUntil(async () => (await clientCredentials(b, agent)).status, 401, 1_000)).status).toBe(
      401,
    );
    expect((await clientCredentials(b, { id: agent.id, secret: rotated.body.client_secret })).status).toBe(
      200,
    );
    expect((await clientCredentials(a, agent)).status).toBe(401);
  });

  it('an API key revoked on A can no longer introspect on B', async () => {
    const key = await createApiKey(a, ['auth:read']);
    const agent = await createAgent(a);
    const token = (await clientCredentials(a, agent)).body.access_token as string;
    // Warm B's API-key cache with this caller.
    expect((await introspect(b, token, key.key)).body.active).toBe(true);
    expect((await api(a, 'DELETE', `/v1/api-keys/${key.id}`, { key: a.adminKey })).status).toBe(200);
    expect((await introspect(b, token, key.key)).status).toBe(401);
  });

  it('the revocation mirror: jti and agent (kill switch) revocations on A make introspection on B inactive', async () => {
    const agent = await createAgent(a);
    const first = (await clientCredentials(b, agent)).body.access_token as string;
    const second = (await clientCredentials(b, agent)).body.access_token as string;
    // Warm B (its mirror answers these).
    expect((await introspect(b, first)).body.active).toBe(true);
    expect((await introspect(b, second)).body.active).toBe(true);

    const jti = decodeJwt(first).jti as string;
    expect(
      (await api(a, 'POST', '/v1/revocations', { key: a.adminKey, body: { kind: 'jti', value: jti } }))
        .status,
    ).toBe(201);
    expect((await introspect(b, first)).body).toEqual({ active: false });
    expect((await introspect(b, second)).body.active).toBe(true);

    expect((await api(a, 'POST', `/v1/agents/${agent.id}/revoke`, { key: a.adminKey })).status).toBe(200);
    expect((await introspect(b, second)).body).toEqual({ active: false });
    // The kill switch also suspends: B refuses new tokens for it.
    expect((await clientCredentials(b, agent)).status).toBe(400);
  });

  it('a restarted mirror is rebuilt from Postgres: revocations made earlier still hold', async () => {
    const agent = await createAgent(a);
    const token = (await clientCredentials(a, agent)).body.access_token as string;
    const jti = decodeJwt(token).jti as string;
    expect(
      (await api(a, 'POST', '/v1/revocations', { key: a.adminKey, body: { kind: 'jti', value: jti } }))
        .status,
    ).toBe(201);
    // Drop and rebuild B's state as after a lost subscription.
    await b.deps.state.close();
    await b.deps.state.start();
    expect((await introspect(b, token)).body).toEqual({ active: false });
  });
});
