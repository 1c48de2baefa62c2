import { type ServedTestIssuer, type TestIssuer, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { createProducer, redisConnection } from '@bulwark/queue';
import type { ServiceApp } from '@bulwark/service-kit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestAuditApp } from './support/test-audit-app.js';
import { SESSION_COOKIE } from '../src/admin-queues/dashboard-session.js';
import { migrationSources } from '../src/db/migration-sources.js';
import { agentEvent } from './support/events.js';

const db = useTestDatabase(migrationSources, { poolMax: 2 });
const redis = useRedisPrefix();
let issuer: TestIssuer;
let served: ServedTestIssuer;
let app: ServiceApp;
let connection: Redis;
const tokens: Record<'operator' | 'root' | 'tenantAdmin' | 'reader', string> = {
  operator: '',
  root: '',
  tenantAdmin: '',
  reader: '',
};

beforeAll(async () => {
  ({ app, issuer, served } = await buildTestAuditApp(db.pool, redis, { adminTenants: ['ten_ops'] }));
  tokens.operator = await issuer.mint({ sub: 'usr_ops', tenant_id: 'ten_ops', scope: 'audit:admin' });
  tokens.root = await issuer.mint({ sub: 'usr_root', tenant_id: 'ten_root', scope: '*' });
  tokens.tenantAdmin = await issuer.mint({ sub: 'usr_a', tenant_id: 'ten_a', scope: 'audit:admin' });
  tokens.reader = await issuer.mint({ sub: 'usr_ops_r', tenant_id: 'ten_ops', scope: 'audit:read' });
  // One queued job, so the board has something to count.
  connection = redisConnection(redis.url);
  const producer = createProducer('audit', { connection, prefix: redis.prefix });
  const event = agentEvent('ten_a');
  await producer.add(event, { jobId: event.id });
  await producer.close();
});
afterAll(async () => {
  await app?.close();
  await served?.close();
  connection?.disconnect();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const line = [setCookie ?? []].flat().find((value) => value.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error('no session cookie was set');
  return line.split(';')[0] as string;
}

describe('queue dashboard at /admin/queues', () => {
  it('refuses callers without a credential (401) or without operator rights (403)', async () => {
    const anonymous = await get('/admin/queues');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect((await get('/admin/queues/api/queues')).statusCode).toBe(401);

    const reader = await get('/admin/queues', bearer(tokens.reader));
    expect(reader.statusCode).toBe(403);
    expect(reader.json()).toMatchObject({ code: 'insufficient_scope' });
    // A tenant's own admin must not see every tenant's jobs.
    const tenantAdmin = await get('/admin/queues/api/queues', bearer(tokens.tenantAdmin));
    expect(tenantAdmin.statusCode).toBe(403);
    expect(tenantAdmin.json()).toMatchObject({ code: 'forbidden' });
    expect((await get('/admin/queues', { authorization: 'Bearer not-a-token' })).statusCode).toBe(401);
  });

  it('serves the board and its JSON API to an operator, listing the audit, metering and webhook queues', async () => {
    for (const token of [tokens.operator, tokens.root]) {
      const page = await get('/admin/queues', bearer(token));
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<base href="/admin/queues/"');
    }
    const api = await get('/admin/queues/api/queues', bearer(tokens.operator));
    expect(api.statusCode).toBe(200);
    const queues = api.json().queues as {
      name: string;
      counts: Record<string, number>;
      readOnlyMode: boolean;
    }[];
    expect(queues.map((queue) => queue.name).sort()).toEqual(['audit', 'metering', 'webhooks']);
    const audit = queues.find((queue) => queue.name === 'audit');
    expect(audit?.counts.waiting).toBe(1);
    expect(audit?.readOnlyMode).toBe(true);

    // Read-only: the board cannot write into the audit queue (an event past ingest's checks).
    const add = await app.inject({
      method: 'POST',
      url: '/admin/queues/api/queues/audit/add',
      headers: { ...bearer(tokens.operator), 'content-type': 'application/json' },
      payload: { name: 'audit', data: agentEvent('ten_a'), options: {} },
    });
    expect(add.statusCode).toBe(405);
  });

  it('lets a browser in through a short-lived session cookie obtained with a credential', async () => {
    const viaApi = await app.inject({
      method: 'POST',
      url: '/admin/queues/session',
      headers: bearer(tokens.operator),
    });
    expect(viaApi.statusCode).toBe(204);
    const setCookie = String(viaApi.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin/queues');
    const cookie = sessionCookieOf(viaApi.headers['set-cookie']);
    expect((await get('/admin/queues/api/queues', { cookie })).statusCode).toBe(200);
    const script = /static\/js\/main\.[0-9a-f]+\.js/.exec((await get('/admin/queues', { cookie })).body)?.[0];
    expect(script).toBeDefined();
    const asset = await get(`/admin/queues/${script}`, { cookie });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');

    // A tampered or foreign cookie is no session.
    const tampered = `${cookie.slice(0, -3)}${cookie.endsWith('A') ? 'B' : 'A'}xx`;
    expect((await get('/admin/queues/api/queues', { cookie: tampered })).statusCode).toBe(401);
    // Only operators get one.
    const denied = await app.inject({
      method: 'POST',
      url: '/admin/queues/session',
      headers: bearer(tokens.tenantAdmin),
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['set-cookie']).toBeUndefined();

    // The sign-in form: a static page, then a form POST that answers with the cookie and a redirect.
    const form = await get('/admin/queues/login');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="credential"');
    const login = await app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ credential: tokens.operator }).toString(),
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/queues/');
    expect(
      (await get('/admin/queues/api/queues', { cookie: sessionCookieOf(login.headers['set-cookie']) }))
        .statusCode,
    ).toBe(200);
    const badLogin = await app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'credential=',
    });
    expect(badLogin.statusCode).toBe(400);
    const wrongLogin = await app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ credential: tokens.tenantAdmin }).toString(),
    });
    expect(wrongLogin.statusCode).toBe(403);
  });

  it('is not part of the documented API', async () => {
    const spec = (await get('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((path) => path.startsWith('/admin'))).toEqual([]);
    expect(Object.keys(spec.paths)).toContain('/v1/reconcile/status');
  });
});

describe('GET /v1/reconcile/status', () => {
  it('is for operators only and lists each source outbox', async () => {
    expect((await get('/v1/reconcile/status')).statusCode).toBe(401);
    expect((await get('/v1/reconcile/status', bearer(tokens.reader))).statusCode).toBe(403);
    expect((await get('/v1/reconcile/status', bearer(tokens.tenantAdmin))).statusCode).toBe(403);
    await db.pool.query(
      "INSERT INTO reconcile_sources (source, status, last_run_at, last_scanned, last_missing, last_reenqueued, total_reenqueued) VALUES ('127.0.0.1:5432/bulwark_auth', 'ok', now(), 10, 2, 2, 7)",
    );
    const status = await get('/v1/reconcile/status', bearer(tokens.operator));
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({
      sources: [
        {
          source: '127.0.0.1:5432/bulwark_auth',
          status: 'ok',
          detail: null,
          last_run_at: expect.stringMatching(/Z$/),
          watermark_at: null,
          rescan_requested_at: null,
          scanned: 10,
          missing: 2,
          reenqueued: 2,
          invalid: 0,
          total_reenqueued: 7,
        },
      ],
    });
  });
});
