import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleConfig } from '../src/server/config.js';
import { createConsoleServer } from '../src/server/console-server.js';
import { upstreamUrl } from '../src/server/proxy.js';
import { resolveStaticPath } from '../src/server/static-files.js';
import { type Upstreams, upstreamsFromEnv } from '../src/server/upstreams.js';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** A stand-in service that echoes what reached it, to check what the proxy forwards. */
const upstream = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.writeHead(req.url?.includes('/missing') ? 404 : 200, {
      'content-type': 'application/json',
      'x-total-count': '7',
      'set-cookie': 'tracking=1',
    });
    res.end(
      JSON.stringify({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
});

const dist = mkdtempSync(join(tmpdir(), 'bw-console-dist-'));
const emptyDist = mkdtempSync(join(tmpdir(), 'bw-console-empty-'));
let consoleUrl = '';
let bareUrl = '';
let servers: Server[] = [];

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'secret.txt'), 'inside dist');
  const upstreamUrlBase = await listen(upstream);
  // A port that was just free: the flags "service" is down.
  const probe = createServer();
  const deadUrl = await listen(probe);
  await close(probe);
  const upstreams: Upstreams = {
    auth: `${upstreamUrlBase}/`,
    audit: `${upstreamUrlBase}/prefix`,
    billing: deadUrl,
    licensing: upstreamUrlBase,
    flags: deadUrl,
  };
  const withBundle = createConsoleServer({ distDir: dist, upstreams });
  const bare = createConsoleServer({ distDir: emptyDist, upstreams });
  servers = [withBundle, bare];
  consoleUrl = await listen(withBundle);
  bareUrl = await listen(bare);
});

afterAll(async () => {
  await Promise.all([...servers, upstream].map(close));
  rmSync(dist, { recursive: true, force: true });
  rmSync(emptyDist, { recursive: true, force: true });
});

describe('/api proxy', () => {
  it('forwards method, path, query, body and the API key; drops cookies', async () => {
    const res = await fetch(`${consoleUrl}/api/auth/v1/agents?tenant_id=t_1&limit=2`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer bwk_v1_test',
        'content-type': 'application/json',
        'idempotency-key': 'idem-1',
        cookie: 'session=should-not-leave',
        'x-request-id': 'req-console-1',
      },
      body: JSON.stringify({ name: 'bot' }),
    });
    expect(res.status).toBe(200);
    const echoed = (await res.json()) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echoed).toMatchObject({
      method: 'POST',
      url: '/v1/agents?tenant_id=t_1&limit=2',
      body: '{"name":"bot"}',
      headers: {
        authorization: 'Bearer bwk_v1_test',
        'content-type': 'application/json',
        'idempotency-key': 'idem-1',
        'x-request-id': 'req-console-1',
      },
    });
    expect(echoed.headers.cookie).toBeUndefined();
    expect(res.headers.get('x-total-count')).toBe('7');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('keeps a path prefix in the upstream URL and passes error statuses through unchanged', async () => {
    const res = await fetch(`${consoleUrl}/api/audit/missing/thing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { url: string }).url).toBe('/prefix/missing/thing');
  });

  it('answers problem+json for an unknown service and for a service that is down', async () => {
    const unknown = await fetch(`${consoleUrl}/api/postgres/anything`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toMatchObject({ code: 'unknown_service', status: 404 });

    const down = await fetch(`${consoleUrl}/api/billing/v1/usage`, {
      headers: { 'x-request-id': 'req-down' },
    });
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ code: 'upstream_unavailable', request_id: 'req-down' });
  });

  it('maps /api paths to upstream URLs and nothing else', () => {
    const upstreams = upstreamsFromEnv({ AUDIT_URL: 'http://audit:4005/base/' });
    expect(upstreamUrl(upstreams, '/api/audit/v1/events?x=1')?.href).toBe(
      'http://audit:4005/base/v1/events?x=1',
    );
    expect(upstreamUrl(upstreams, '/api/auth')?.href).toBe('http://127.0.0.1:4001/');
    expect(upstreamUrl(upstreams, '/api/redis/x')).toBeUndefined();
    expect(upstreamUrl(upstreams, '/api/AUTH/x')).toBeUndefined();
  });
});

describe('static files and probes', () => {
  it('serves index.html with a same-origin-only CSP, and app routes fall back to it', async () => {
    for (const path of ['/', '/agents']) {
      const res = await fetch(`${consoleUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('caches fingerprinted assets forever and 404s files that do not exist', async () => {
    const asset = await fetch(`${consoleUrl}/assets/app-abc123.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${consoleUrl}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
  });

  it('never serves a file outside the bundle', async () => {
    // `..` cannot climb above the bundle's root; extension-less paths are app routes (index.html).
    expect(resolveStaticPath(dist, '/../../etc/shadow.txt')).toBe(join(dist, 'etc/shadow.txt'));
    expect(resolveStaticPath(dist, '/%2e%2e/%2e%2e/package.json')).toBe(join(dist, 'package.json'));
    expect(resolveStaticPath(dist, '/..%2f..%2fetc/passwd')).toBe(join(dist, 'index.html'));
    expect(resolveStaticPath(dist, '/%00.js')).toBeUndefined();
    expect(resolveStaticPath(dist, '/%E0%A4%A')).toBeUndefined();
    const res = await fetch(`${consoleUrl}/%2e%2e/%2e%2e/package.json`);
    expect(res.status).toBe(404);
  });

  it('refuses writes to static paths', async () => {
    const res = await fetch(`${consoleUrl}/index.html`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
  });

  it('is healthy at once and ready only once it has a bundle', async () => {
    expect((await fetch(`${bareUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${bareUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${consoleUrl}/readyz`)).status).toBe(200);
  });
});

describe('config', () => {
  it('reads the port, host and service URLs, naming the variable that is wrong', () => {
    expect(loadConsoleConfig({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      upstreams: { auth: 'http://127.0.0.1:4001', audit: 'http://127.0.0.1:4005' },
    });
    expect(loadConsoleConfig({ CONSOLE_PORT: '4100', CONSOLE_HOST: '0.0.0.0' })).toMatchObject({
      port: 4100,
      host: '0.0.0.0',
    });
    expect(() => loadConsoleConfig({ CONSOLE_PORT: 'http' })).toThrow(/CONSOLE_PORT/);
    expect(() => loadConsoleConfig({ AUTH_URL: 'auth:4001' })).toThrow(/AUTH_URL/);
    expect(() => loadConsoleConfig({ BILLING_URL: 'not a url' })).toThrow(/BILLING_URL/);
  });
});
