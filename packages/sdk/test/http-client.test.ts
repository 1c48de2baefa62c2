import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken, Bulwark, BulwarkError } from '../src/index.js';
import { HttpClient } from '../src/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const client = (retries = 2, timeoutMs = 2000) =>
  new HttpClient({ baseUrl, retries, timeoutMs, fetch: globalThis.fetch.bind(globalThis) });

describe('HttpClient', () => {
  it('retries 5xx with backoff and then succeeds', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 503 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: calls }));
    };
    await expect(client().request({ method: 'GET', path: '/x' })).resolves.toEqual({ ok: 3 });
    expect(calls).toBe(3);
  });

  it('never retries a 4xx and surfaces the problem+json code, detail and request id', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      res.statusCode = 403;
      res.setHeader('content-type', 'application/problem+json');
      res.end(
        JSON.stringify({ code: 'insufficient_scope', detail: 'needs audit:read', request_id: 'req_9' }),
      );
    };
    const error = await client()
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulwarkError);
    expect(error).toMatchObject({
      code: 'insufficient_scope',
      status: 403,
      requestId: 'req_9',
      message: 'needs audit:read',
    });
    expect(calls).toBe(1);
  });

  it('maps RFC 6749 OAuth errors', async () => {
    handler = (_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: 'invalid_scope', error_description: 'scope admin is not allowed' }));
    };
    await expect(
      client(0).request({ method: 'POST', path: '/oauth/token', form: { a: 'b' } }),
    ).rejects.toMatchObject({
      code: 'invalid_scope',
      message: 'scope admin is not allowed',
    });
  });

  it('times out and reports a network error clearly', async () => {
    handler = () => {
      /* never answers */
    };
    await expect(client(0, 200).request({ method: 'GET', path: '/slow' })).rejects.toMatchObject({
      code: 'timeout',
    });
    const unreachable = new HttpClient({
      baseUrl: 'http://127.0.0.1:1',
      retries: 0,
      timeoutMs: 1000,
      fetch: globalThis.fetch.bind(globalThis),
    });
    await expect(unreachable.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      code: 'network_error',
    });
  });

  it('sends an Idempotency-Key on idempotent POSTs and keeps it across retries', async () => {
    const keys: (string | undefined)[] = [];
    handler = (req, res) => {
      keys.push(req.headers['idempotency-key'] as string | undefined);
      res.statusCode = keys.length < 2 ? 500 : 201;
      res.end();
    };
    await client().request({ method: 'POST', path: '/v1/things', json: {}, idempotent: true });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('Bulwark client', () => {
  it('defaults to the local ports of npm start', () => {
    const bw = new Bulwark({ apiKey: 'bwk_v1_x' });
    expect(bw.url('auth')).toBe('http://127.0.0.1:4001');
    expect(bw.url('audit')).toBe('http://127.0.0.1:4005');
    expect(new Bulwark({ baseUrl: 'https://bw.example.com' }).url('billing')).toBe(
      'https://bw.example.com:4002',
    );
    expect(new Bulwark({ urls: { auth: 'https://auth.example.com/' } }).url('auth')).toBe(
      'https://auth.example.com',
    );
    expect(bw.authService).toBe(bw.auth);
  });

  it('asks for an agent when generateScopedToken has none', async () => {
    const bw = new Bulwark({ apiKey: 'bwk_v1_x', urls: { auth: baseUrl } });
    await expect(bw.auth.generateScopedToken('usr_1', { scope: 'email', ttl: 3600 })).rejects.toMatchObject({
      code: 'agent_required',
    });
  });

  it('returns tokens that behave like the token string', () => {
    const token = new AccessToken({
      access_token: 'eyJ.a.b',
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'email x',
    });
    expect(`Bearer ${token}`).toBe('Bearer eyJ.a.b');
    expect(String(token)).toBe('eyJ.a.b');
    expect(token.scope).toEqual(['email', 'x']);
    expect(JSON.parse(JSON.stringify(token)).access_token).toBe('eyJ.a.b');
  });
});
