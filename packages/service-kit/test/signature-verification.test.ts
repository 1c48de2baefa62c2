import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createTestIssuer, type ServedTestIssuer, type TestAlg, type TestIssuer } from '@bulwark/testing';
import { jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJwsSignature } from '../src/auth/jws-verify.js';
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  InvalidTokenError,
  RemoteJwks,
  type ServiceApp,
  type VerifyAccessTokenOptions,
} from '../src/index.js';
import { bearer, testApp } from './helpers.js';

/**
 * The kit checks JWS signatures with node:crypto (not jose's `jwtVerify`) and the claims with jose's
 * rules. Every token here is really signed; the forged ones are refused with a 401 and the message a
 * caller can act on, both by the verifier and over HTTP.
 */

const ALGS = ['ES256', 'EdDSA', 'RS256'] as const;
const AUDIENCES = ['bulwark', 'bulwark:test'];
const TOLERANCE = 5;
/** A fixed instant for the clock-boundary cases (the verifier's clock is pinned to it). */
const T = 1_900_000_000;

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const b64json = (value: unknown) => b64(JSON.stringify(value));

function signBytes(alg: TestAlg, privateKey: KeyObject, input: string): Buffer {
  const data = Buffer.from(input, 'ascii');
  if (alg === 'ES256') return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return sign(null, data, privateKey);
  return sign('sha256', data, privateKey);
}

/** Signs arbitrary header/payload segments (e.g. a payload that is not UTF-8) with the issuer's key. */
function signSegments(issuer: TestIssuer, header: string, payload: string): string {
  const input = `${header}.${payload}`;
  return `${input}.${b64(signBytes(issuer.alg, issuer.privateKey, input))}`;
}

function withSignature(token: string, signature: Buffer | string): string {
  const sig = typeof signature === 'string' ? signature : b64(signature);
  return `${token.slice(0, token.lastIndexOf('.'))}.${sig}`;
}

/** Pads a base64url string to 4n+1 characters, a length no base64 text can have. */
function toLength4nPlus1(segment: string): string {
  let padded = `${segment}A`;
  while (padded.length % 4 !== 1) padded += 'A';
  return padded;
}

const signatureOf = (token: string) => Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');

async function refusal(promise: Promise<unknown>): Promise<InvalidTokenError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  expect((error as InvalidTokenError).status).toBe(401);
  return error as InvalidTokenError;
}

/** A verifier of `issuer`'s tokens against its served JWKS, every algorithm allowed. */
function verifierOptions(issuer: TestIssuer, served: ServedTestIssuer): VerifyAccessTokenOptions {
  return {
    jwks: new RemoteJwks({ url: served.jwksUrl }),
    issuer: issuer.issuer,
    audiences: AUDIENCES,
    algorithms: [...ALGS],
    clockToleranceSeconds: TOLERANCE,
  };
}

describe.each(ALGS)('%s access tokens verified with node:crypto', (alg) => {
  let issuer: TestIssuer;
  let served: ServedTestIssuer;
  let app: ServiceApp;
  let verify: AccessTokenVerifier;
  let verifyAt: AccessTokenVerifier;
  /** Other-type key published under `kid` "mismatch" (no alg member) and "mismatch-declared". */
  let otherType: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer({ alg });
    otherType = await createTestIssuer({ alg: alg === 'EdDSA' ? 'ES256' : 'EdDSA', kid: 'mismatch' });
    const { alg: _alg, use: _use, ...bare } = otherType.jwks.keys[0] ?? {};
    // Published before the first fetch, so no test depends on the unknown-kid refetch cooldown.
    issuer.jwks.keys.push(bare, { ...otherType.jwks.keys[0], kid: 'mismatch-declared' });
    served = await issuer.serveJwks();
    app = await testApp({
      auth: {
        issuer: issuer.issuer,
        audiences: AUDIENCES,
        jwksUrl: served.jwksUrl,
        introspectionUrl: served.introspectionUrl,
        verifiedTokenCache: false,
      },
    });
    await app.ready();
    const options = verifierOptions(issuer, served);
    verify = createAccessTokenVerifier(options);
    // 999 ms into second T: jose (and the kit) compare exp/nbf with whole seconds.
    verifyAt = createAccessTokenVerifier({ ...options, now: () => new Date(T * 1000 + 999) });
  });
  afterAll(async () => {
    await app.close();
    await served.close();
  });

  /** Refused by the verifier and, over HTTP, with a 401 problem+json saying the same. */
  async function expectRefused(token: string, detail: RegExp): Promise<void> {
    expect((await refusal(verify(token))).message).toMatch(detail);
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(response.json().detail).toMatch(detail);
  }

  /** Claims as of the pinned instant T (iat a minute before). */
  const mintAt = (claims: Record<string, unknown> = {}) =>
    issuer.mint({ aud: 'bulwark', ...claims }, { now: T - 60, expiresIn: 600 });

  async function expectRefusedAt(token: string, detail: RegExp): Promise<void> {
    expect((await refusal(verifyAt(token))).message).toMatch(detail);
  }

  it('accepts a valid token (control), by the verifier and over HTTP', async () => {
    const token = await issuer.mint();
    await expect(verify(token)).resolves.toMatchObject({ sub: 'usr_test', iss: issuer.issuer });
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a signature with one bit flipped', async () => {
    const token = await issuer.mint();
    const signature = signatureOf(token);
    signature[10] = (signature[10] ?? 0) ^ 0x01;
    await expectRefused(withSignature(token, signature), /signature is invalid/);
  });

  it('refuses a signature of the wrong length (one byte more, one byte less)', async () => {
    const token = await issuer.mint();
    const signature = signatureOf(token);
    await expectRefused(
      withSignature(token, Buffer.concat([signature, Buffer.of(0)])),
      /signature is invalid/,
    );
    await expectRefused(withSignature(token, signature.subarray(0, -1)), /signature is invalid/);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const impostor = await createTestIssuer({ alg, kid: issuer.kid, issuer: issuer.issuer });
    await expectRefused(await impostor.mint(), /signature is invalid/);
  });

  it("refuses a kid whose key is of another type than the header's alg", async () => {
    // Undeclared alg: jose refuses to import the key for this alg.
    const header = { alg, kid: 'mismatch', typ: 'at+jwt' };
    await expectRefused(otherType.signRaw(header, {}), /signing key cannot be used with its alg/);
    // Declared alg: RemoteJwks refuses before importing.
    const declared = { alg, kid: 'mismatch-declared', typ: 'at+jwt' };
    await expectRefused(otherType.signRaw(declared, {}), /alg does not match its signing key/);
  });

  it('refuses non-base64url characters in the payload or the signature', async () => {
    const token = await issuer.mint();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const swap = (segment: string, at: number, char: string) =>
      `${segment.slice(0, at)}${char}${segment.slice(at + 1)}`;
    for (const bad of [
      `${header}.${swap(payload, 5, '+')}.${signature}`,
      `${header}.${swap(payload, 5, '/')}.${signature}`,
      `${header}.${payload}=.${signature}`,
      `${header}.${swap(payload, 5, ' ')}.${signature}`,
      `${header}.${payload}.${signature}==`,
      `${header}.${payload}.${swap(signature, 3, '+')}`,
      `${header}.${payload}.${swap(signature, 3, '%')}`,
      // 4n+1 characters: not base64 at all, though Buffer.from would silently drop the last one.
      `${header}.${payload}.${toLength4nPlus1(signature)}`,
      `${header}..${signature}`,
      `${header}.${payload}.`,
    ]) {
      await expectRefused(bad, /malformed/);
    }
  });

  it('refuses a correctly signed payload that is JSON but not an object, or not UTF-8', async () => {
    const header = b64json({ alg, kid: issuer.kid, typ: 'at+jwt' });
    for (const value of [[], 'usr_test', 42, null, true]) {
      await expectRefused(signSegments(issuer, header, b64json(value)), /malformed/);
    }
    await expectRefused(signSegments(issuer, header, b64('{"sub":')), /malformed/);
    const notUtf8 = Buffer.concat([Buffer.from('{"sub":"'), Buffer.of(0xff, 0xfe), Buffer.from('"}')]);
    await expectRefused(signSegments(issuer, header, b64(notUtf8)), /malformed/);
  });

  it('honours exp with the clock tolerance, to the second (jose semantics)', async () => {
    await expect(verifyAt(await mintAt({ exp: T - TOLERANCE + 1 }))).resolves.toBeDefined();
    await expectRefusedAt(await mintAt({ exp: T - TOLERANCE }), /has expired; request a new one/);
    await expectRefusedAt(await mintAt({ exp: T - 3600 }), /has expired; request a new one/);
    await expectRefusedAt(await mintAt({ exp: String(T + 60) }), /invalid `exp` claim/);
  });

  it('honours nbf with the clock tolerance, to the second', async () => {
    await expect(verifyAt(await mintAt({ nbf: T + TOLERANCE }))).resolves.toBeDefined();
    await expectRefusedAt(await mintAt({ nbf: T + TOLERANCE + 1 }), /not valid yet/);
    await expectRefusedAt(await mintAt({ nbf: `${T}` }), /invalid `nbf` claim/);
    await expectRefused(await issuer.mint({ nbf: Math.floor(Date.now() / 1000) + 120 }), /not valid yet/);
  });

  it('refuses iat in the future beyond the tolerance', async () => {
    await expect(verifyAt(await mintAt({ iat: T + TOLERANCE }))).resolves.toBeDefined();
    await expectRefusedAt(await mintAt({ iat: T + TOLERANCE + 1 }), /issued in the future/);
    await expectRefusedAt(await mintAt({ iat: 'now' }), /invalid `iat` claim/);
  });

  it('matches aud as a string or an array of strings, refusing an array without a match', async () => {
    await expect(verifyAt(await mintAt({ aud: ['other', 'bulwark:test'] }))).resolves.toBeDefined();
    await expectRefusedAt(await mintAt({ aud: ['other', 'another'] }), /not meant for this service/);
    await expectRefusedAt(await mintAt({ aud: [] }), /not meant for this service/);
    await expectRefusedAt(await mintAt({ aud: ['bulwark', 7] }), /not meant for this service/);
    await expectRefusedAt(await mintAt({ aud: { bulwark: true } }), /not meant for this service/);
    await expectRefused(await issuer.mint({ aud: ['other', 'another'] }), /not meant for this service/);
  });

  it('refuses a wrong issuer', async () => {
    await expectRefusedAt(await mintAt({ iss: `${issuer.issuer}/` }), /trusted issuer/);
  });

  it.each([
    'iss',
    'sub',
    'aud',
    'exp',
    'iat',
    'jti',
    'tenant_id',
    'scope',
    'client_id',
  ])('refuses a token without %s', async (claim) => {
    await expectRefused(
      await issuer.mint({ [claim]: undefined }),
      new RegExp(`lacks the required \`${claim}\``),
    );
  });

  it('a token from jose SignJWT verifies identically with jose.jwtVerify and the kit', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      tenant_id: 'ten_jose',
      scope: 'audit:read flags:read',
      client_id: 'agt_jose',
      act: { sub: 'agt_outer', act: { sub: 'agt_inner' } },
    })
      .setProtectedHeader({ alg, kid: issuer.kid, typ: 'at+jwt' })
      .setIssuer(issuer.issuer)
      .setSubject('usr_jose')
      .setAudience(['elsewhere', 'bulwark'])
      .setJti(crypto.randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 300)
      .sign(issuer.privateKey);
    const { payload } = await jwtVerify(token, issuer.publicKey, {
      issuer: issuer.issuer,
      audience: AUDIENCES,
      algorithms: [alg],
      typ: 'at+jwt',
      clockTolerance: TOLERANCE,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
    });
    expect(await verify(token)).toEqual(payload);
  });
});

describe('garbage tokens', () => {
  let served: ServedTestIssuer;
  let verify: AccessTokenVerifier;
  let issuer: TestIssuer;
  let options: VerifyAccessTokenOptions;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    served = await issuer.serveJwks();
    options = verifierOptions(issuer, served);
    verify = createAccessTokenVerifier(options);
  });
  afterAll(() => served.close());

  it('are all refused with InvalidTokenError (401), never another error', async () => {
    const header = b64json({ alg: 'ES256', kid: issuer.kid, typ: 'at+jwt' });
    const valid = await issuer.mint();
    const garbage = [
      '',
      '.',
      '..',
      'a..',
      '..c',
      'a.b',
      'a.b.c.d',
      `${header}..`,
      `${header}.e30.`,
      `${header}.e30.AAAA`,
      `${header}.${'A'.repeat(9000)}.AAAA`,
      `${b64json({ alg: 'ES256', kid: issuer.kid, typ: 'at+jwt', b64: false })}.e30.AAAA`,
      `${b64json({ alg: 'ES256', kid: {}, typ: 'at+jwt' })}.e30.AAAA`,
      `${b64json({ alg: 'ES256', kid: 'x'.repeat(500), typ: 'at+jwt' })}.e30.AAAA`,
      `${b64(Buffer.of(0xff, 0xfe))}.e30.AAAA`,
      `${b64('[]')}.e30.AAAA`,
      `${b64('null')}.e30.AAAA`,
      valid.replace('.', '..'),
      `${valid}.`,
      `${valid} `,
      ` ${valid}`,
      valid.toUpperCase(),
    ];
    for (const token of garbage) await refusal(verify(token));
  });

  it('the verifier refuses a key whose type is not the one the alg names', () => {
    const keys: Record<string, KeyObject> = {
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey,
      EdDSA: generateKeyPairSync('ed25519').publicKey,
      Ed448: generateKeyPairSync('ed448').publicKey,
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
      'RSA-1024': generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey,
      'RSA-PSS': generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey,
      'private P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    for (const alg of [...ALGS, 'HS256', 'none', 'ES384']) {
      for (const [name, key] of Object.entries(keys)) {
        if (name === alg) continue; // the matching key only fails on the (empty) signature
        expect(() => verifyJwsSignature(alg, key, Buffer.from('a.b'), Buffer.alloc(64))).toThrow(
          /signing key cannot be used with its alg/,
        );
      }
    }
  });

  it('refuses a DER-encoded ES256 signature of the right data', async () => {
    const input = (await issuer.mint()).split('.').slice(0, 2).join('.');
    const der = sign('sha256', Buffer.from(input), issuer.privateKey); // node's default: DER
    const token = `${input}.${b64(der)}`;
    expect((await refusal(verify(token))).message).toMatch(/signature is invalid/);
    // Control: the same signature in JWS (IEEE P1363) form is accepted.
    const p1363 = sign('sha256', Buffer.from(input), { key: issuer.privateKey, dsaEncoding: 'ieee-p1363' });
    await expect(verify(`${input}.${b64(p1363)}`)).resolves.toBeDefined();
  });

  it('refuses RS256 with a modulus under 2048 bits even when the JWKS serves it', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weakIssuer = await createTestIssuer({ alg: 'RS256' });
    weakIssuer.jwks.keys.splice(0, 1, {
      ...(weak.publicKey.export({ format: 'jwk' }) as Record<string, string>),
      kid: weakIssuer.kid,
      alg: 'RS256',
      use: 'sig',
    });
    const weakServed = await weakIssuer.serveJwks();
    try {
      const weakVerify = createAccessTokenVerifier({
        ...verifierOptions(weakIssuer, weakServed),
        algorithms: ['RS256'],
      });
      const input = `${b64json({ alg: 'RS256', kid: weakIssuer.kid, typ: 'at+jwt' })}.${b64json({})}`;
      const token = `${input}.${b64(sign('sha256', Buffer.from(input), weak.privateKey))}`;
      expect((await refusal(weakVerify(token))).message).toMatch(/signing key cannot be used with its alg/);
    } finally {
      await weakServed.close();
    }
  });

  it('refuses to build a verifier whose clock tolerance would switch the exp check off', async () => {
    // Compared as is, NaN or Infinity makes `exp <= now - tolerance` false for every exp; jose refused
    // such a tolerance, so an expired token was never accepted with it.
    for (const clockToleranceSeconds of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => createAccessTokenVerifier({ ...options, clockToleranceSeconds })).toThrow(
        /clockToleranceSeconds must be a finite number >= 0/,
      );
    }
  });

  it('refuses every token, expired or not, when the clock is not a finite time', async () => {
    const broken = createAccessTokenVerifier({ ...options, now: () => new Date(Number.NaN) });
    const expired = await issuer.mint({}, { now: 1_000_000_000, expiresIn: 60 });
    expect((await refusal(broken(expired))).message).toMatch(/could not be verified/);
    expect((await refusal(broken(await issuer.mint()))).message).toMatch(/could not be verified/);
  });

  it('decides malleated ES256 signatures exactly as jose does (r or s of 0 or n refused)', async () => {
    const n = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
    const scalar = (value: bigint) => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
    const token = await issuer.mint();
    const signature = signatureOf(token);
    const r = BigInt(`0x${signature.subarray(0, 32).toString('hex')}`);
    const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
    const encoded = b64(signature);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 64 bytes are 86 characters: the last one carries 4 bits, so its low 2 bits are padding.
    const padBits = alphabet[alphabet.indexOf(encoded.at(-1) ?? 'A') ^ 1] ?? 'A';
    const cases = {
      highS: withSignature(token, Buffer.concat([scalar(r), scalar(n - s)])),
      nonZeroPadBits: withSignature(token, `${encoded.slice(0, -1)}${padBits}`),
      zeroR: withSignature(token, Buffer.concat([scalar(0n), scalar(s)])),
      zeroS: withSignature(token, Buffer.concat([scalar(r), scalar(0n)])),
      rIsN: withSignature(token, Buffer.concat([scalar(n), scalar(s)])),
      sIsN: withSignature(token, Buffer.concat([scalar(r), scalar(n)])),
    };
    const decisions: Record<string, { kit: boolean; jose: boolean }> = {};
    for (const [name, forged] of Object.entries(cases)) {
      decisions[name] = {
        kit: await verify(forged).then(
          () => true,
          () => false,
        ),
        jose: await jwtVerify(forged, issuer.publicKey, { algorithms: ['ES256'] }).then(
          () => true,
          () => false,
        ),
      };
    }
    for (const decision of Object.values(decisions)) expect(decision.kit).toBe(decision.jose);
    // Both accept the high-S twin and the non-canonical last character (same r, s and claims, so
    // the same jti for revocation); neither accepts an out-of-range scalar.
    expect(decisions).toMatchObject({
      highS: { kit: true },
      nonZeroPadBits: { kit: true },
      zeroR: { kit: false },
      zeroS: { kit: false },
      rIsN: { kit: false },
      sIsN: { kit: false },
    });
  });

  it('stops accepting a key removed from the JWKS once the cached key set is refreshed', async () => {
    const rotating = await createTestIssuer();
    const next = await createTestIssuer({ issuer: rotating.issuer, kid: 'rotated-in' });
    rotating.jwks.keys.push(...next.jwks.keys);
    const rotatingServed = await rotating.serveJwks();
    let jwksClock = 0;
    try {
      const verifyRotating = createAccessTokenVerifier({
        ...options,
        jwks: new RemoteJwks({ url: rotatingServed.jwksUrl, now: () => jwksClock, maxAgeMs: 600_000 }),
        issuer: rotating.issuer,
      });
      const old = await rotating.mint();
      await expect(verifyRotating(old)).resolves.toBeDefined();
      rotating.jwks.keys.splice(0, 1);
      jwksClock += 60_000; // within maxAgeMs the cached key still verifies, as it did with jose
      await expect(verifyRotating(old)).resolves.toBeDefined();
      jwksClock += 600_000;
      expect((await refusal(verifyRotating(old))).message).toMatch(/unknown key/);
      await expect(verifyRotating(await next.mint())).resolves.toBeDefined();
    } finally {
      await rotatingServed.close();
    }
  });
});
