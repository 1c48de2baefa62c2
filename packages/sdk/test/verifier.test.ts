import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/index.js';

const issuer = 'http://auth.test';
let sign: (
  claims: Record<string, unknown>,
  opts?: { exp?: number; typ?: string; header?: Record<string, unknown> },
) => Promise<string>;
let verifier: ReturnType<typeof createVerifier>;
let publicJwk: Record<string, unknown>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  verifier = createVerifier({ issuer, audience: 'bulwark', keys: createLocalJWKSet({ keys: [publicJwk] }) });
  sign = async (claims, opts = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tenant_id: 'ten_1', scope: 'email calendar:read', client_id: 'agt_a', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: opts.typ ?? 'at+jwt', ...opts.header })
      .setIssuer(issuer)
      .setAudience('bulwark')
      .setSubject('usr_1')
      .setJti(crypto.randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(opts.exp ?? now + 60)
      .sign(privateKey);
  };
});

describe('createVerifier', () => {
  it('accepts a delegated token and exposes the chain', async () => {
    const token = await sign({ act: { sub: 'agt_b', act: { sub: 'agt_a' } } });
    const verified = await verifier.verify(token, { scope: 'email' });
    expect(verified.agentId).toBe('agt_b');
    expect(verified.delegationChain).toEqual(['agt_b', 'agt_a']);
    expect(verified.tenantId).toBe('ten_1');
  });

  it('rejects missing scope with 403 insufficient_scope', async () => {
    await expect(verifier.verify(await sign({}), { scope: 'files:write' })).rejects.toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
  });

  it('rejects expired, wrong typ, alg none and embedded-key headers with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(await sign({}, { exp: now - 60 }))).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(await sign({}, { typ: 'JWT' }))).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(await sign({}, { header: { jwk: publicJwk } }))).rejects.toMatchObject({
      status: 401,
    });
    const [, body] = (await sign({})).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${body}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify('garbage')).rejects.toMatchObject({ status: 401 });
  });

  it('applies revocations by jti and by agent kill switch', async () => {
    const token = await sign({});
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      jti: string;
    };
    verifier.revocations.apply({ kind: 'jti', value: claims.jti, exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(verifier.verify(token)).rejects.toThrow(/revoked/);
    const agentToken = await sign({ act: { sub: 'agt_killed' } });
    verifier.revocations.apply({
      kind: 'agent',
      value: 'agt_killed',
      not_before: Math.floor(Date.now() / 1000) + 1,
    });
    await expect(verifier.verify(agentToken)).rejects.toThrow(/kill switch/);
  });
});
