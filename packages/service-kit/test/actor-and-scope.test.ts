import { createHash } from 'node:crypto';
import { InsufficientScopeError, UnauthenticatedError } from '@bulwark/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, requireScope, type ServiceApp } from '../src/index.js';
import { type AuthFixture, authFixture, bearer, testApp } from './helpers.js';

let fx: AuthFixture;
let app: ServiceApp;

beforeAll(async () => {
  fx = await authFixture();
  app = await testApp({ auth: fx.auth });
  app.post('/v1/verbs', { config: { scope: 'audit:read' } }, async (request) => {
    // A verb checking a second scope itself, as a domain function would.
    requireScope(request.actor, 'audit:admin');
    return { ok: true };
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fx.close();
});

const sha16 = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

describe('claims → Actor', () => {
  it('maps a plain user token to a UserActor', async () => {
    const token = await fx.issuer.mint({
      sub: 'usr_1',
      client_id: 'agt_console',
      jti: 'jti-user',
      scope: 'audit:read billing:read',
    });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json().actor).toEqual({
      type: 'user',
      id: 'usr_1',
      clientId: 'agt_console',
      tokenId: 'jti-user',
      tenantId: 'ten_test',
      scopes: ['audit:read', 'billing:read'],
      credentialIdHash: sha16('jti-user'),
    });
  });

  it('maps a delegated token (act) to an AgentActor acting for the user, outermost actor first', async () => {
    const token = await fx.issuer.mint({
      sub: 'usr_alice',
      client_id: 'agt_outer',
      jti: 'jti-delegated',
      act: { sub: 'agt_outer', act: { sub: 'agt_inner' } },
    });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json().actor).toEqual({
      type: 'agent',
      id: 'agt_outer',
      onBehalfOf: { type: 'user', id: 'usr_alice' },
      delegationChain: [{ sub: 'agt_outer' }, { sub: 'agt_inner' }],
      tokenId: 'jti-delegated',
      tenantId: 'ten_test',
      scopes: ['audit:read'],
      credentialIdHash: sha16('jti-delegated'),
    });
  });

  it('maps a client_credentials token (sub = client_id) to an AgentActor acting for itself', async () => {
    const token = await fx.issuer.mint({ sub: 'agt_bot', client_id: 'agt_bot' });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    const actor = response.json().actor;
    expect(actor).toMatchObject({ type: 'agent', id: 'agt_bot', delegationChain: [] });
    expect(actor.onBehalfOf).toBeUndefined();
  });

  it('leaves request.actor undefined on public routes, even when a credential is sent', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/public', headers: bearer('garbage') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ actor: null });
  });
});

describe('scopes', () => {
  it('answers 403 naming the required scope when the token lacks it', async () => {
    const token = await fx.issuer.mint({ scope: 'billing:read' });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer error="insufficient_scope", scope="audit:read"/,
    );
    const body = response.json();
    expect(body).toMatchObject({ code: 'insufficient_scope', status: 403, required_scope: 'audit:read' });
    expect(body.detail).toContain('audit:read');
  });

  it('accepts a wildcard grant', async () => {
    const token = await fx.issuer.mint({ scope: 'audit:*' });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });

  it('requireScope inside a verb yields 403 for the missing scope', async () => {
    const token = await fx.issuer.mint({ scope: 'audit:read' });
    const response = await app.inject({ method: 'POST', url: '/v1/verbs', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json().required_scope).toBe('audit:admin');
  });

  it('requireScope throws typed errors', () => {
    expect(() => requireScope(undefined, 'x:y')).toThrow(UnauthenticatedError);
    expect(() =>
      requireScope(
        { type: 'api_key', id: 'k', tenantId: 't', scopes: ['a:b'], credentialIdHash: 'h' },
        'x:y',
      ),
    ).toThrow(InsufficientScopeError);
  });
});

describe('route declarations', () => {
  it('refuses a route that declares neither scope nor public', async () => {
    const other = await buildService({
      name: 't',
      version: '0',
      logger: false,
      rateLimit: false,
      auth: fx.auth,
    });
    expect(() => other.get('/v1/oops', async () => 'x')).toThrow(/neither config.scope nor config.public/);
    expect(() => other.get('/v1/both', { config: { public: true, scope: 'a:b' } }, async () => 'x')).toThrow(
      /both config.public and config.scope/,
    );
    expect(() => other.get('/v1/bad', { config: { scope: 'has space' } }, async () => 'x')).toThrow(
      /invalid config.scope/,
    );
    await other.close();
  });

  it('refuses also inside encapsulated plugins', async () => {
    const other = await buildService({
      name: 't',
      version: '0',
      logger: false,
      rateLimit: false,
      auth: fx.auth,
    });
    other.register(async (child) => {
      child.get('/v1/nested', async () => 'x');
    });
    await expect(other.ready()).rejects.toThrow(/neither config.scope/);
    await other.close();
  });

  it('refuses scoped routes when no auth is configured', async () => {
    const other = await buildService({ name: 't', version: '0', logger: false, rateLimit: false });
    expect(() => other.get('/v1/x', { config: { scope: 'a:b' } }, async () => 'x')).toThrow(
      /no `auth` options/,
    );
    await other.close();
  });
});

describe('rate limit and authentication order', () => {
  it('counts a request against the rate limit before its credential is checked', async () => {
    const limited = await testApp({ auth: fx.auth, rateLimit: { max: 2 } });
    await limited.ready();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await limited.inject({
          method: 'GET',
          url: '/v1/whoami',
          headers: bearer('forged.token.x'),
        });
        statuses.push(response.statusCode);
      }
      // Forged credentials are not free: past the limit they are refused before any verification.
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
