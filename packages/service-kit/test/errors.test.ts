import { ConflictError } from '@bulwark/core';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceApp } from '../src/index.js';
import { captureLogs, testApp } from './helpers.js';

const logs = captureLogs();
let app: ServiceApp;

beforeAll(async () => {
  app = await testApp({ logger: logs.logger, bodyLimit: 1024 });
  app.post(
    '/v1/grants',
    {
      config: { public: true },
      schema: {
        body: Type.Object(
          { scope: Type.String({ minLength: 1 }), ttl: Type.Integer({ minimum: 1 }), name: Type.String() },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 100 })) }),
      },
    },
    async (request) => ({ received: request.body }),
  );
  app.get('/v1/conflict', { config: { public: true } }, async () => {
    throw new ConflictError('The agent name is taken.', { name: 'bob' });
  });
  app.get('/v1/boom', { config: { public: true } }, async () => {
    throw new Error('duplicate key value violates unique constraint "users_pkey" SELECT * FROM secrets');
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  for (const member of ['type', 'title', 'status', 'detail', 'code', 'request_id'])
    expect(body).toHaveProperty(member);
  expect(body.status).toBe(status);
  expect(body.request_id).toBe(response.headers['x-request-id']);
  return body;
}

describe('problem+json errors', () => {
  it('lists every offending field on validation failure', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/grants?limit=1000',
      payload: { scope: '', ttl: 'soon', extra: true },
    });
    const body = expectProblem(response, 400);
    expect(body.code).toBe('validation_failed');
    const fields = (body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['/body/scope', '/body/ttl', '/body/name']));
  });

  it('reports querystring problems under /query', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/grants?limit=1000',
      payload: { scope: 'a', ttl: 1, name: 'n' },
    });
    const body = expectProblem(response, 400);
    expect(body.errors).toEqual([{ field: '/query/limit', message: expect.any(String) }]);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { 'content-type': 'application/json' },
      payload: '{"scope": ',
    });
    const body = expectProblem(response, 400);
    expect(body).toMatchObject({ code: 'bad_request', detail: 'The request body is not valid JSON.' });
  });

  it('answers 413 for an oversized body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ scope: 'x'.repeat(5000), ttl: 1, name: 'n' }),
    });
    const body = expectProblem(response, 413);
    expect(body.code).toBe('payload_too_large');
    expect(body.detail).toContain('1024');
  });

  it('answers 415 for an unsupported content type', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { 'content-type': 'application/xml' },
      payload: '<scope/>',
    });
    expect(expectProblem(response, 415).code).toBe('unsupported_media_type');
  });

  it('answers 404 for unknown routes', async () => {
    const body = expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404);
    expect(body).toMatchObject({ code: 'not_found', detail: 'No route matches GET /v1/nothing-here.' });
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/v1/grants' });
    const body = expectProblem(response, 405);
    expect(body.code).toBe('method_not_allowed');
    expect(response.headers.allow).toBe('POST');
  });

  it('renders DomainErrors with their status and extensions', async () => {
    const body = expectProblem(await app.inject({ method: 'GET', url: '/v1/conflict' }), 409);
    expect(body).toMatchObject({ code: 'conflict', detail: 'The agent name is taken.', name: 'bob' });
  });

  it('answers an opaque 500 for unknown errors, and logs it at error with the request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/boom' });
    const body = expectProblem(response, 500);
    expect(body.code).toBe('internal');
    expect(body.detail).toBe(
      `An unexpected error occurred; quote request_id ${body.request_id} when reporting it.`,
    );
    expect(response.body).not.toMatch(/SELECT|users_pkey|at .*\.ts/);
    const errorLines = logs.parsed().filter((line) => line.level === 50);
    expect(errorLines.some((line) => line.request_id === body.request_id)).toBe(true);
  });

  it('logs 4xx at warn, with the request id', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/conflict',
      headers: { 'x-request-id': 'trace-4xx-1' },
    });
    expect(response.statusCode).toBe(409);
    const warnLines = logs.parsed().filter((line) => line.level === 40 && line.request_id === 'trace-4xx-1');
    expect(warnLines.length).toBeGreaterThan(0);
  });
});

describe('request ids', () => {
  it('echoes an acceptable x-request-id', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/public',
      headers: { 'x-request-id': 'abc.DEF_1:2-3' },
    });
    expect(response.headers['x-request-id']).toBe('abc.DEF_1:2-3');
  });

  it('replaces a hostile or oversized x-request-id with a generated req_ id', async () => {
    for (const hostile of ['a b', 'x'.repeat(201), 'id\u0000', '"quoted"']) {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/public',
        headers: { 'x-request-id': hostile },
      });
      expect(response.headers['x-request-id']).toMatch(/^req_[0-9a-z]+$/);
    }
  });

  it('generates a req_ id when none is sent, and puts it in error bodies', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(response.headers['x-request-id']).toMatch(/^req_/);
    expect(response.json().request_id).toBe(response.headers['x-request-id']);
  });
});
