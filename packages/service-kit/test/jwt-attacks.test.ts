import { createHmac, createPrivateKey } from 'node:crypto';
import { encodeUnsignedJwt } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceApp } from '../src/index.js';
import { type AuthFixture, authFixture, bearer, testApp } from './helpers.js';

let fx: AuthFixture;
let app: ServiceApp;

beforeAll(async () => {
  fx = await authFixture();
  app = await testApp({ auth: fx.auth });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await fx.close();
});

function now() {
  return Math.floor(Date.now() / 1000);
}

function validClaims(): Record<string, unknown> {
  return {
    iss: fx.issuer.issuer,
    sub: 'usr_attacker',
    aud: 'bulwark',
    client_id: 'agt_x',
    scope: 'audit:read',
    tenant_id: 'ten_x',
    jti: crypto.randomUUID(),
    iat: now(),
    nbf: now(),
    exp: now() + 600,
  };
}

async function expectInvalidToken(token: string, detail: RegExp) {
  const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
  expect(response.statusCode).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status: 401, code: 'unauthenticated', title: 'Unauthorized' });
  expect(body.request_id).toBe(response.headers['x-request-id']);
  expect(body.detail).toMatch(detail);
  expect(response.headers['www-authenticate']).toMatch(
    /^Bearer error="invalid_token", error_description="[^"]+"$/,
  );
  return body;
}

describe('JWT attacks are rejected with 401 problem+json', () => {
  it('accepts a well-formed token (control)', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/whoami',
      headers: bearer(await fx.issuer.mint()),
    });
    expect(response.statusCode).toBe(200);
  });

  it('rejects alg none', async () => {
    const token = encodeUnsignedJwt({ alg: 'none', typ: 'at+jwt', kid: fx.issuer.kid }, validClaims());
    await expectInvalidToken(token, /alg "none"/);
  });

  it('rejects HS256 signed with the public key bytes (key confusion)', async () => {
    const pem = fx.issuer.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const header = { alg: 'HS256', typ: 'at+jwt', kid: fx.issuer.kid };
    const unsigned = encodeUnsignedJwt(header, validClaims()).slice(0, -1);
    const signature = createHmac('sha256', pem).update(unsigned).digest('base64url');
    await expectInvalidToken(`${unsigned}.${signature}`, /alg "HS256"/);
  });

  it('rejects an alg header that String() cannot convert (an object with a non-function toString) with a 401, not a 500', async () => {
    for (const alg of [{ toString: 1 }, [{ toString: 1 }], { toString: 1, valueOf: 1 }]) {
      await expectInvalidToken(
        await fx.issuer.mint({}, { header: { alg } }),
        /alg "\[(object|array)\]"; only ES256, EdDSA, RS256 are accepted/,
      );
    }
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c', 'crit'])('rejects a token carrying a %s header', async (name) => {
    const values: Record<string, unknown> = {
      jwk: fx.issuer.jwks.keys[0],
      jku: 'https://attacker.example/jwks',
      x5u: 'https://attacker.example/cert.pem',
      x5c: ['MIIB'],
      crit: ['exp'],
    };
    const token = await fx.issuer.mint({}, { header: { [name]: values[name] } });
    await expectInvalidToken(token, new RegExp(`\`${name}\` header`));
  });

  it('rejects an all-zero ES256 signature', async () => {
    const token = encodeUnsignedJwt(
      { alg: 'ES256', typ: 'at+jwt', kid: fx.issuer.kid },
      validClaims(),
      Buffer.alloc(64),
    );
    await expectInvalidToken(token, /signature is invalid/);
  });

  it('rejects a token signed by another key under our kid', async () => {
    const { createTestIssuer } = await import('@bulwark/testing');
    const other = await createTestIssuer({ kid: fx.issuer.kid, issuer: fx.issuer.issuer });
    await expectInvalidToken(await other.mint(), /signature is invalid/);
  });

  it('rejects an expired token', async () => {
    const token = await fx.issuer.mint({}, { now: now() - 3600, expiresIn: 600 });
    await expectInvalidToken(token, /has expired; request a new one/);
  });

  it('rejects a token whose nbf is in the future', async () => {
    await expectInvalidToken(await fx.issuer.mint({ nbf: now() + 120 }), /not valid yet/);
  });

  it('rejects a token issued in the future', async () => {
    await expectInvalidToken(
      await fx.issuer.mint({ iat: now() + 120, nbf: undefined }),
      /issued in the future/,
    );
  });

  it('rejects a wrong issuer', async () => {
    await expectInvalidToken(await fx.issuer.mint({ iss: 'https://evil.example' }), /trusted issuer/);
  });

  it('rejects a wrong audience', async () => {
    await expectInvalidToken(await fx.issuer.mint({ aud: 'another-api' }), /not meant for this service/);
  });

  it('accepts any configured audience, including inside an aud array', async () => {
    const token = await fx.issuer.mint({ aud: ['other', 'bulwark:test'] });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });

  it('rejects a wrong typ (e.g. an ID token)', async () => {
    await expectInvalidToken(
      await fx.issuer.mint({}, { header: { typ: 'JWT' } }),
      /typ header must be at\+jwt/,
    );
    await expectInvalidToken(
      await fx.issuer.mint({}, { header: { typ: undefined } }),
      /typ header must be at\+jwt/,
    );
  });

  it('accepts typ application/at+jwt (RFC 9068 §4)', async () => {
    const token = await fx.issuer.mint({}, { header: { typ: 'application/at+jwt' } });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });

  it.each(['jti', 'sub', 'tenant_id', 'scope', 'exp', 'iat'])('rejects a token without %s', async (claim) => {
    await expectInvalidToken(await fx.issuer.mint({ [claim]: undefined }), new RegExp(`\`${claim}\` claim`));
  });

  it('rejects garbage and malformed credentials', async () => {
    await expectInvalidToken('not-a-jwt', /malformed/);
    await expectInvalidToken('a.b.c', /malformed/);
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer('has"quote') });
    expect(response.statusCode).toBe(401);
  });

  it('rejects a token with a malformed act claim', async () => {
    await expectInvalidToken(await fx.issuer.mint({ act: { sub: 42 } }), /malformed `act`/);
  });

  it('rejects a token whose kid is unknown, refetching the JWKS once per cooldown', async () => {
    const before = fx.served.hits.jwks;
    for (const kid of ['garbage-1', 'garbage-2', 'garbage-3']) {
      await expectInvalidToken(await fx.issuer.mint({}, { header: { kid } }), /unknown key/);
    }
    expect(fx.served.hits.jwks - before).toBe(1);
    // Known keys keep working from the cache without further fetches.
    const ok = await app.inject({
      method: 'GET',
      url: '/v1/whoami',
      headers: bearer(await fx.issuer.mint()),
    });
    expect(ok.statusCode).toBe(200);
    expect(fx.served.hits.jwks - before).toBe(1);
  });

  it('a missing credential on a protected route answers 401 with a bare Bearer challenge', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/whoami' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('a non-Bearer scheme is treated as no credential', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/whoami',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('never reaches key material of a private JWK even if the JWKS served one', () => {
    // Guard for the fixture itself: the served JWKS must not contain the private scalar.
    expect(JSON.stringify(fx.issuer.jwks)).not.toContain('"d"');
    expect(() =>
      createPrivateKey(fx.issuer.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    ).not.toThrow();
  });
});
