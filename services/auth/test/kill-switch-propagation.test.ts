import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';
import { pollUntil, startVerifierService } from './helpers/verifier-service.js';

const h = useAuthServer();
let verifier: Awaited<ReturnType<typeof startVerifierService>>;

beforeAll(async () => {
  verifier = await startVerifierService(h);
  await verifier.app.ready();
});
afterAll(async () => {
  await verifier?.close();
});

describe('kill switch reaches service-kit verifiers', () => {
  it('an agent revoked through the admin API is refused by a service-kit route within 1 s', async () => {
    const agent = await createAgent(h);
    const issued = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:read' },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(issued.status).toBe(200);
    const token = issued.body.access_token as string;
    const probe = async () =>
      (await fetch(`${verifier.url}/probe`, { headers: { authorization: `Bearer ${token}` } })).status;

    const before = await fetch(`${verifier.url}/probe`, { headers: { authorization: `Bearer ${token}` } });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ actor: agent.id });

    const killed = await api(h, 'POST', `/v1/agents/${agent.id}/revoke`, { key: h.adminKey });
    expect(killed.status).toBe(200);

    // Behaviour, not a benchmark: the route must flip to 401 before a 1 s deadline runs out.
    const result = await pollUntil(probe, 401, 1_000);
    expect(result.status).toBe(401);

    const response = await fetch(`${verifier.url}/probe`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
    // Introspection sees it at once, and the suspended agent gets no new token.
    const introspected = await form(
      h,
      '/oauth/introspect',
      { token },
      { authorization: `Bearer ${h.adminKey}` },
    );
    expect(introspected.body).toEqual({ active: false });
    const again = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:read' },
      { authorization: basic(agent.id, agent.secret) },
    );
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('unauthorized_client');
  });
});
