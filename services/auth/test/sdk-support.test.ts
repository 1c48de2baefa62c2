import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { mintAccessToken } from '../src/oauth/access-token.js';
import { createAgent, createApiKey, createUser, scopedToken } from './helpers/fixtures.js';
import { api, basic, form, useAuthServer } from './helpers/harness.js';
import { nextNonHeartbeat, openEventStream } from './helpers/sse.js';

const h = useAuthServer({ AUTH_STREAM_HEARTBEAT_SECONDS: '1' });
let backend: { key: string; tenant_id: string };
let user: { id: string };

beforeAll(async () => {
  backend = await createApiKey(h, ['tokens:delegate']);
  user = await createUser(h);
});

/** A user's own access token (as JWT bearer would give it), 30 min, email:read + email:send. */
async function userToken(ttlSeconds = 1800): Promise<string> {
  const app = await createAgent(h);
  const minted = await mintAccessToken(h.deps, {
    sub: user.id,
    clientId: app.id,
    tenantId: backend.tenant_id,
    scopes: ['email:read', 'email:send'],
    audiences: [h.config.audience],
    ttlSeconds,
  });
  return minted.token;
}

describe('seed call with a user token (SDK generateScopedToken(userToken, …))', () => {
  it('behaves as token exchange with that subject: act chain, narrowed scope, life within the subject', async () => {
    const agent = await createAgent(h);
    const subject = await userToken();
    const res = await scopedToken(h, backend.key, {
      subject_token: subject,
      agent_id: agent.id,
      scope: 'email:read',
    });
    expect(res.status).toBe(200);
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      sub: user.id,
      client_id: agent.id,
      act: { sub: agent.id },
      scope: 'email:read',
    });
    expect(claims.exp).toBeLessThanOrEqual(decodeJwt(subject).exp as number);
  });

  it('cannot widen the subject scope or outlive it, and a bad subject token is refused (problem+json)', async () => {
    const agent = await createAgent(h);
    const subject = await userToken(600);
    const wider = await scopedToken(h, backend.key, {
      subject_token: subject,
      agent_id: agent.id,
      scope: 'calendar:read',
    });
    expect(wider.status).toBe(400);
    expect(wider.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(wider.body).toMatchObject({ code: 'invalid_scope' });
    const longer = await scopedToken(h, backend.key, {
      subject_token: subject,
      agent_id: agent.id,
      scope: 'email:read',
      ttl: 3600,
    });
    expect(longer.status).toBe(400);
    expect(longer.body).toMatchObject({ code: 'invalid_request' });
    const forged = await scopedToken(h, backend.key, {
      subject_token: `${subject.slice(0, -4)}AAAA`,
      agent_id: agent.id,
      scope: 'email:read',
    });
    expect(forged.status).toBe(404);
  });
});

describe('seed call default lifetime', () => {
  it('generateScopedToken(user, { scope, ttl: 3600 }) yields a 1 h token for an agent created with defaults', async () => {
    const agent = await createAgent(h, { max_token_ttl: undefined });
    const view = await api<{ max_token_ttl: number }>(h, 'GET', `/v1/agents/${agent.id}`, {
      key: h.adminKey,
    });
    expect(view.body.max_token_ttl).toBe(3600);
    const hour = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
      ttl: 3600,
    });
    expect(hour.status).toBe(200);
    expect(hour.body.expires_in).toBe(3600);
    // Longer requests are capped at the agent maximum; no ttl means the short default.
    const capped = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
      ttl: 7200,
    });
    expect(capped.body.expires_in).toBe(3600);
    const unspecified = await scopedToken(h, backend.key, {
      user_id: user.id,
      agent_id: agent.id,
      scope: 'email:read',
    });
    expect(unspecified.body.expires_in).toBe(900);
  });
});

describe('GET /v1/revocations/stream (SSE)', () => {
  const streamUrl = () => `${h.url}/v1/revocations/stream`;

  it('refuses a missing or bad credential with 401 problem+json', async () => {
    const none = await fetch(streamUrl());
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const bad = await fetch(streamUrl(), { headers: { authorization: 'Bearer bwk_v1_nope' } });
    expect(bad.status).toBe(401);
  });

  it("streams a snapshot, then this tenant's revocations in the contract shape, then heartbeats", async () => {
    const killed = await createAgent(h);
    expect((await api(h, 'POST', `/v1/agents/${killed.id}/revoke`, { key: h.adminKey })).status).toBe(200);

    // Any credential of the tenant may follow: here an agent's own token without auth:read.
    const agent = await createAgent(h);
    const token = await form(
      h,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'email:read' },
      { authorization: basic(agent.id, agent.secret) },
    );
    const stream = await openEventStream(streamUrl(), `Bearer ${token.body.access_token as string}`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const snapshot = await nextNonHeartbeat(stream);
      expect(snapshot.event).toBe('snapshot');
      const entries = (snapshot.data as { revocations: Record<string, unknown>[] }).revocations;
      expect(entries).toContainEqual({ kind: 'agent', value: killed.id, not_before: expect.any(Number) });

      // Another tenant's revocation is not sent; ours arrives, in exactly the contract shape.
      const other = await api<{ id: string }>(h, 'POST', '/v1/tenants', {
        key: h.adminKey,
        body: { name: 'other' },
      });
      const foreign = await createAgent(h, {}, h.adminKey);
      const foreignAgent = await api<{ agent: { id: string } }>(
        h,
        'POST',
        `/v1/agents?tenant_id=${other.body.id}`,
        {
          key: h.adminKey,
          body: { name: 'x', allowed_scopes: ['email:read'] },
        },
      );
      expect(foreignAgent.status).toBe(201);
      const foreignKill = await api(
        h,
        'POST',
        `/v1/agents/${foreignAgent.body.agent.id}/revoke?tenant_id=${other.body.id}`,
        { key: h.adminKey },
      );
      expect(foreignKill.status).toBe(200);
      const jti = 'tok_stream_test';
      await api(h, 'POST', '/v1/revocations', {
        key: h.adminKey,
        body: { kind: 'jti', value: jti, exp: 4_000_000_000 },
      });
      await api(h, 'POST', `/v1/agents/${foreign.id}/revoke`, { key: h.adminKey });
      expect(await nextNonHeartbeat(stream)).toEqual({
        event: 'revocation',
        data: { kind: 'jti', value: jti, exp: 4_000_000_000 },
      });
      const agentEvent = await nextNonHeartbeat(stream);
      expect(agentEvent.event).toBe('revocation');
      expect(agentEvent.data).toEqual({ kind: 'agent', value: foreign.id, not_before: expect.any(Number) });

      const heartbeat = await stream.next(5_000);
      expect(heartbeat.event).toBe('heartbeat');
    } finally {
      stream.close();
    }
  });
});
