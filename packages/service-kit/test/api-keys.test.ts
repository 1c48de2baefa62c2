import { createHash } from 'node:crypto';
import { generateSecret } from '@bulwark/core';
import { useRedisPrefix } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceApp } from '../src/index.js';
import { type AuthFixture, authFixture, bearer, testApp } from './helpers.js';

const redisNs = useRedisPrefix();
let fx: AuthFixture;
let app: ServiceApp;

beforeAll(async () => {
  fx = await authFixture({ redis: { url: redisNs.url, prefix: redisNs.prefix } });
  app = await testApp({ auth: fx.auth });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fx.close();
});

describe('API keys (bwk_…) via RFC 7662 introspection', () => {
  it('resolves an active key to an ApiKeyActor and caches the answer', async () => {
    const key = generateSecret('bwk');
    fx.issuer.registerApiKey(key, { tenant_id: 'ten_keys', sub: 'key_1', scope: 'audit:read audit:write' });
    const before = fx.served.hits.introspection;

    const first = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) });
    expect(first.statusCode).toBe(200);
    expect(first.json().actor).toEqual({
      type: 'api_key',
      id: 'key_1',
      tenantId: 'ten_keys',
      scopes: ['audit:read', 'audit:write'],
      credentialIdHash: createHash('sha256').update(key).digest('hex').slice(0, 16),
    });
    const second = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) });
    expect(second.statusCode).toBe(200);
    expect(fx.served.hits.introspection - before).toBe(1);
  });

  it('shares one introspection between concurrent first requests for the same key', async () => {
    const key = generateSecret('bwk');
    fx.issuer.registerApiKey(key, { tenant_id: 'ten_keys', sub: 'key_2', scope: 'audit:read' });
    const before = fx.served.hits.introspection;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(fx.served.hits.introspection - before).toBe(1);
  });

  it('rejects an unknown key with 401 and caches the negative answer', async () => {
    const key = generateSecret('bwk');
    const before = fx.served.hits.introspection;
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        detail: expect.stringMatching(/API key is not valid/),
      });
      expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    }
    expect(fx.served.hits.introspection - before).toBe(1);
  });

  it('rejects a malformed key without calling introspection', async () => {
    const before = fx.served.hits.introspection;
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer('bwk_v1_short') });
    expect(response.statusCode).toBe(401);
    expect(fx.served.hits.introspection).toBe(before);
  });

  it('enforces the key`s scopes', async () => {
    const key = generateSecret('bwk');
    fx.issuer.registerApiKey(key, { tenant_id: 'ten_keys', sub: 'key_3', scope: 'billing:read' });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) });
    expect(response.statusCode).toBe(403);
  });

  it('a tenant kill switch drops cached keys of that tenant at once', async () => {
    const key = generateSecret('bwk');
    fx.issuer.registerApiKey(key, { tenant_id: 'ten_kill_keys', sub: 'key_4', scope: 'audit:read' });
    expect((await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) })).statusCode).toBe(
      200,
    );
    fx.issuer.registerApiKey(key, {
      tenant_id: 'ten_kill_keys',
      sub: 'key_4',
      scope: 'audit:read',
      active: false,
    });
    await redisNs.redis.publish(
      `${redisNs.prefix}revocations`,
      JSON.stringify({ kind: 'tenant', value: 'ten_kill_keys', not_before: Math.floor(Date.now() / 1000) }),
    );
    const deadline = Date.now() + 1_000;
    let status = 200;
    while (status !== 401 && Date.now() < deadline) {
      status = (await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) })).statusCode;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(401);
  });

  it('answers 503 (not 401) when the introspection endpoint is unreachable', async () => {
    const other = await authFixture();
    await other.close();
    const isolated = await testApp({ auth: other.auth });
    try {
      const response = await isolated.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: bearer(generateSecret('bwk')),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('unavailable');
    } finally {
      await isolated.close();
    }
  });
});
