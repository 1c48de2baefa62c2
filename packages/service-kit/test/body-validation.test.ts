import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceApp } from '../src/index.js';
import { testApp } from './helpers.js';

let app: ServiceApp;

beforeAll(async () => {
  app = await testApp({ logger: false });
  app.patch(
    '/v1/tenants/:id',
    {
      config: { public: true },
      schema: {
        params: Type.Object({ id: Type.Integer() }),
        body: Type.Object(
          {
            max_token_ttl: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            count: Type.Optional(Type.Integer()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({ id: request.params.id, received: request.body }),
  );
  app.get(
    '/v1/items',
    {
      config: { public: true },
      schema: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ maximum: 100 })) }),
        headers: Type.Object({ 'X-Tenant-Hint': Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (request) => ({ limit: request.query.limit }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

function fieldsOf(response: { json(): unknown }): string[] {
  return ((response.json() as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
}

describe('JSON bodies are validated without type coercion', () => {
  it('answers 400 for "" in a nullable integer field instead of storing null', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/v1/tenants/7',
      payload: { max_token_ttl: '' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(fieldsOf(response)).toContain('/body/max_token_ttl');
  });

  it('answers 400 for "5" in an integer field', async () => {
    const response = await app.inject({ method: 'PATCH', url: '/v1/tenants/7', payload: { count: '5' } });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toContain('/body/count');
  });

  it('still accepts the real types, null included', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/v1/tenants/7',
      payload: { max_token_ttl: null, count: 5 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 7, received: { max_token_ttl: null, count: 5 } });
  });

  it('keeps coercion for the querystring, path params and headers (strings by nature)', async () => {
    const query = await app.inject({ method: 'GET', url: '/v1/items?limit=5' });
    expect(query.statusCode).toBe(200);
    expect(query.json()).toEqual({ limit: 5 });
    const tooBig = await app.inject({ method: 'GET', url: '/v1/items?limit=500' });
    expect(tooBig.statusCode).toBe(400);
    expect(fieldsOf(tooBig)).toContain('/query/limit');
    const params = await app.inject({ method: 'PATCH', url: '/v1/tenants/abc', payload: {} });
    expect(params.statusCode).toBe(400);
  });

  it('matches header schemas case-insensitively, as fastify does', async () => {
    const ok = await app.inject({ method: 'GET', url: '/v1/items', headers: { 'x-tenant-hint': 'abc' } });
    expect(ok.statusCode).toBe(200);
    const long = await app.inject({
      method: 'GET',
      url: '/v1/items',
      headers: { 'x-tenant-hint': 'abcdefgh' },
    });
    expect(long.statusCode).toBe(400);
  });
});
