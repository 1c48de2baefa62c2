import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertOpenApiUpToDate,
  buildService,
  ProblemSchema,
  type ServiceApp,
  writeOpenApi,
} from '../src/index.js';
import { apiSecurityHeaders, helmetDefaultHeaders } from '../src/security-headers.js';
import { type AuthFixture, authFixture, bearer } from './helpers.js';

let fx: AuthFixture;
let app: ServiceApp;
let dbHealthy = true;

async function build(): Promise<ServiceApp> {
  const built = await buildService({
    name: 'ops',
    version: '2.0.0',
    logger: false,
    auth: fx.auth,
    ready: {
      postgres: async () => {
        if (!dbHealthy) throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
      },
      redis: async () => 'PONG',
    },
    rateLimit: { max: 1000 },
  });
  built.get(
    '/v1/things/:id',
    {
      config: { scope: 'audit:read' },
      schema: {
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({ id: Type.String() }), 404: ProblemSchema },
      },
    },
    async (request) => ({ id: request.params.id }),
  );
  built.get(
    '/v1/limited',
    { config: { public: true, rateLimit: { max: 2, timeWindow: 60_000 } } },
    async () => 'ok',
  );
  return built;
}

beforeAll(async () => {
  fx = await authFixture();
  app = await build();
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fx.close();
});

describe('health and readiness', () => {
  it('/healthz answers while the process is up', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: 'ops', version: '2.0.0' });
  });

  it('/readyz names the failed dependency in a 503 problem, without its error text', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    dbHealthy = false;
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = response.json();
      expect(body).toMatchObject({ code: 'unavailable', failed_dependencies: ['postgres'] });
      expect(body.detail).toContain('postgres');
      expect(response.body).not.toContain('10.0.0.5');
    } finally {
      dbHealthy = true;
    }
  });
});

describe('metrics', () => {
  it('exposes the request duration histogram by route template, plus default metrics', async () => {
    const token = await fx.issuer.mint();
    await app.inject({ method: 'GET', url: '/v1/things/abc', headers: bearer(token) });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/v1\/things\/:id"[^}]*method="GET"[^}]*status_code="200"/,
    );
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).not.toContain('/v1/things/abc');
  });

  it('two apps in one process keep separate registries', async () => {
    const second = await buildService({ name: 'ops2', version: '1', logger: false, rateLimit: false });
    try {
      const body = (await second.inject({ method: 'GET', url: '/metrics' })).body;
      expect(body).toContain('service="ops2"');
      expect(body).not.toContain('service="ops"');
    } finally {
      await second.close();
    }
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document with every declared and kit-added response', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Bulwark ops', version: '2.0.0' });
    const operation = doc.paths['/v1/things/{id}'].get;
    expect(Object.keys(operation.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '429',
      '500',
    ]);
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(operation.description).toContain('audit:read');
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('serves swagger UI at /docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('writeOpenApi + assertOpenApiUpToDate detect drift', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'service-kit-openapi-'));
    const file = join(dir, 'openapi.json');
    try {
      await expect(assertOpenApiUpToDate(app, file)).rejects.toThrow(/missing/);
      await writeOpenApi(app, file);
      await expect(assertOpenApiUpToDate(app, file)).resolves.toBeUndefined();
      const changed = await build();
      changed.get('/v1/new', { config: { public: true } }, async () => 'new');
      await expect(assertOpenApiUpToDate(changed, file)).rejects.toThrow(/out of date/);
      await changed.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('hardening', () => {
  it("sets the API security headers on JSON answers and helmet's full set on HTML", async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    const missing = await app.inject({ method: 'GET', url: '/no/such/route' });
    for (const json of [response, missing]) {
      expect(json.headers['content-type']).toMatch(/json/);
      for (const [name, value] of Object.entries(apiSecurityHeaders()))
        expect(json.headers[name]).toBe(value);
      expect(json.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(json.headers['x-frame-options']).toBe('DENY');
      expect(json.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(json.headers['x-dns-prefetch-control']).toBeUndefined();
    }
    // The docs UI is HTML: every header helmet's defaults set, computed once at boot.
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    for (const [name, value] of Object.entries(helmetDefaultHeaders()))
      expect(docs.headers[name]).toBe(value);
    expect(docs.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('answers 429 problem+json with Retry-After past a route`s limit', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<ServiceApp['inject']>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await app.inject({ method: 'GET', url: '/v1/limited' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});
