import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { concurrentClientCredentials, createAgent } from './helpers/fixtures.js';
import { api, useAuthServer } from './helpers/harness.js';

const h = useAuthServer();

describe('service-kit shell', () => {
  it('serves real Prometheus metrics, readiness, and problem+json with request ids on /v1', async () => {
    expect((await api(h, 'GET', '/readyz')).body).toMatchObject({ status: 'ok', service: 'auth' });
    const metrics = await fetch(`${h.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/readyz"/);
    const missing = await api(h, 'GET', '/v1/users', { headers: { 'x-request-id': 'trace-123' } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missing.headers.get('x-request-id')).toBe('trace-123');
    expect(missing.body).toMatchObject({ code: 'unauthenticated', request_id: 'trace-123' });
  });

  it('keeps RFC 6749 JSON (not problem+json) for every /oauth error, including parser errors', async () => {
    const res = await fetch(`${h.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.any(String),
    });
  });

  it('group commit: concurrent client_credentials responses each find their audit event already durable', async () => {
    const agent = await createAgent(h);
    const responses = await concurrentClientCredentials(h, agent, 20);
    const jtis = responses.map((r) => {
      expect(r.status).toBe(200);
      return decodeJwt(r.body.access_token as string).jti as string;
    });
    const { rows } = await h.deps.pool.query<{ jti: string }>(
      `SELECT payload->'target'->>'id' AS jti FROM outbox_events WHERE payload->>'action' = 'auth.token.issue'`,
    );
    const stored = new Set(rows.map((r) => r.jti));
    for (const jti of jtis) expect(stored.has(jti)).toBe(true);
  });
});
