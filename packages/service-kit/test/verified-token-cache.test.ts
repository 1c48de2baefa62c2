import { credentialIdHash, type UserActor } from '@bulwark/core';
import { useRedisPrefix } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Authenticator,
  createAuthenticator,
  type VerifiedToken,
  VerifiedTokenCache,
} from '../src/index.js';
import { tokenIdHash } from '../src/auth/claims-to-actor.js';
import { type AuthFixture, authFixture } from './helpers.js';

const redisNs = useRedisPrefix();
const silent = { warn: () => undefined };
const nowSeconds = () => Math.floor(Date.now() / 1000);

function entry(id: string): VerifiedToken {
  const actor: UserActor = {
    type: 'user',
    id,
    tenantId: 'ten_1',
    scopes: [],
    credentialIdHash: 'x',
    tokenId: id,
    clientId: undefined,
  };
  return { actor, revocation: { jti: id, iat: 0, tenantId: 'ten_1' } };
}

describe('VerifiedTokenCache', () => {
  it('is bounded, evicting the least recently used token first', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 3 });
    const exp = nowSeconds() + 600;
    for (const id of ['a', 'b', 'c']) cache.remember(id, entry(id), exp);
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.remember('d', entry('d'), exp);
    cache.remember('e', entry('e'), exp);
    expect(cache.stats().size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('a')?.actor.id).toBe('a');
    expect(cache.get('e')?.actor.id).toBe('e');
  });

  it('never serves an entry at or after the token exp, nor past maxAge', () => {
    let now = 1_000_000_000_000;
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000, now: () => now });
    const exp = now / 1000 + 10;
    cache.remember('short', entry('short'), exp);
    cache.remember('long', entry('long'), now / 1000 + 3_600);
    now += 9_999;
    expect(cache.get('short')).toBeDefined();
    now += 1; // exactly exp
    expect(cache.get('short')).toBeUndefined();
    now += 49_999;
    expect(cache.get('long')).toBeDefined();
    now += 1; // 60 s after it was remembered
    expect(cache.get('long')).toBeUndefined();
    cache.remember('expired', entry('expired'), now / 1000 - 1);
    expect(cache.stats().size).toBe(0);
  });

  it('the actor fingerprint is exactly core credentialIdHash(jti)', () => {
    for (const jti of ['a', 'jti-123', 'ünïcode']) expect(tokenIdHash(jti)).toBe(credentialIdHash(jti));
  });

  it('serves only the exact token: a token sharing its signature end but not its start is a miss', () => {
    const cache = new VerifiedTokenCache();
    const exp = nowSeconds() + 600;
    const signature = 'S'.repeat(86);
    cache.remember(`h.p1.${signature}`, entry('one'), exp);
    expect(cache.get(`h.p1.${signature}`)?.actor.id).toBe('one');
    expect(cache.get(`h.p2.${signature}`)).toBeUndefined();
    expect(cache.get(`h.p1.${signature}x`)).toBeUndefined();
    expect(cache.get(signature)).toBeUndefined();
    // A second verified token landing on the same suffix replaces the first, never answers for it.
    cache.remember(`h.p2.${signature}`, entry('two'), exp);
    expect(cache.get(`h.p1.${signature}`)).toBeUndefined();
    expect(cache.get(`h.p2.${signature}`)?.actor.id).toBe('two');
  });

  it('keeps a token that is used over and over while others come and go', () => {
    const cache = new VerifiedTokenCache({ maxEntries: 10 });
    const exp = nowSeconds() + 600;
    cache.remember('hot', entry('hot'), exp);
    for (let i = 0; i < 100; i++) {
      cache.remember(`cold${i}`, entry(`cold${i}`), exp);
      expect(cache.get('hot')?.actor.id).toBe('hot');
    }
    expect(cache.stats().size).toBe(10);
  });
});

describe('authenticator with the verified-token cache', () => {
  let fx: AuthFixture;
  let authenticator: Authenticator;

  beforeAll(async () => {
    fx = await authFixture({
      redis: { url: redisNs.url, prefix: redisNs.prefix },
      clockToleranceSeconds: 0,
    });
    authenticator = createAuthenticator(fx.auth, silent);
    await authenticator.start();
  });
  afterAll(async () => {
    await authenticator.close();
    await fx.close();
  });

  const hits = () => authenticator.tokenCache?.stats().hits ?? 0;

  it('serves a repeated token from the cache, as the same frozen actor', async () => {
    const token = await fx.issuer.mint({ scope: 'audit:read' });
    const first = await authenticator.authenticate(`Bearer ${token}`);
    const before = hits();
    const second = await authenticator.authenticate(`Bearer ${token}`);
    expect(hits()).toBe(before + 1);
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(Object.isFrozen(second.scopes)).toBe(true);
  });

  it('answers a cached token synchronously, and any spelling of the header finds it', async () => {
    const token = await fx.issuer.mint({ scope: 'audit:read' });
    expect(authenticator.authenticateCached?.(`Bearer ${token}`)).toBeUndefined();
    const first = await authenticator.authenticate(`Bearer ${token}`);
    expect(authenticator.authenticateCached?.(`Bearer ${token}`)).toBe(first);
    const before = hits();
    expect(await authenticator.authenticate(`bearer   ${token} `)).toBe(first);
    expect(hits()).toBe(before + 1);
    expect(authenticator.authenticateCached?.(`Bearer ${token}x`)).toBeUndefined();
    await expect(authenticator.authenticate(`Bearer ${token}x`)).rejects.toThrow();
  });

  it('refuses a revoked token on the synchronous path too', async () => {
    const token = await fx.issuer.mint({ jti: 'sync-then-revoked' });
    await authenticator.authenticate(`Bearer ${token}`);
    authenticator.revocations?.apply({ kind: 'jti', value: 'sync-then-revoked' });
    expect(() => authenticator.authenticateCached?.(`Bearer ${token}`)).toThrow(/revoked/);
  });

  it('rejects a cached token once its jti is revoked', async () => {
    const token = await fx.issuer.mint({ jti: 'cached-then-revoked' });
    await authenticator.authenticate(`Bearer ${token}`);
    await authenticator.authenticate(`Bearer ${token}`);
    const before = hits();
    authenticator.revocations?.apply({ kind: 'jti', value: 'cached-then-revoked', exp: nowSeconds() + 600 });
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toThrow(/revoked/);
    expect(hits()).toBe(before + 1); // it was a cache hit, and still refused
  });

  it('rejects cached tokens after an agent, user or tenant kill switch', async () => {
    const issuedAt = nowSeconds() - 10;
    const delegated = await fx.issuer.mint(
      { sub: 'usr_c', tenant_id: 'ten_c', act: { sub: 'agt_c' } },
      { now: issuedAt },
    );
    const user = await fx.issuer.mint({ sub: 'usr_d', tenant_id: 'ten_d' }, { now: issuedAt });
    const tenant = await fx.issuer.mint({ sub: 'usr_e', tenant_id: 'ten_e' }, { now: issuedAt });
    for (const token of [delegated, user, tenant]) await authenticator.authenticate(`Bearer ${token}`);
    const revocations = authenticator.revocations;
    revocations?.apply({ kind: 'agent', value: 'agt_c', not_before: nowSeconds() });
    revocations?.apply({ kind: 'user', value: 'usr_d', not_before: nowSeconds() });
    revocations?.apply({ kind: 'tenant', value: 'ten_e', not_before: nowSeconds() });
    await expect(authenticator.authenticate(`Bearer ${delegated}`)).rejects.toThrow(/agent/);
    await expect(authenticator.authenticate(`Bearer ${user}`)).rejects.toThrow(/user/);
    await expect(authenticator.authenticate(`Bearer ${tenant}`)).rejects.toThrow(/tenant/);
  });

  it('never accepts a cached token after its exp', async () => {
    const token = await fx.issuer.mint({}, { expiresIn: 2 });
    const exp = nowSeconds() + 2;
    await authenticator.authenticate(`Bearer ${token}`);
    await authenticator.authenticate(`Bearer ${token}`);
    const before = hits();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 100));
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toThrow(/expired/);
    expect(hits()).toBe(before);
  });

  it('a token differing in one byte is verified on its own (and fails)', async () => {
    const token = await fx.issuer.mint({});
    await authenticator.authenticate(`Bearer ${token}`);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(authenticator.authenticate(`Bearer ${tampered}`)).rejects.toThrow(/signature|malformed/);
  });

  it('verifiedTokenCache: false verifies every time', async () => {
    const plain = createAuthenticator({ ...fx.auth, verifiedTokenCache: false }, silent);
    try {
      await plain.start();
      expect(plain.tokenCache).toBeUndefined();
      const token = await fx.issuer.mint({});
      const a = await plain.authenticate(`Bearer ${token}`);
      const b = await plain.authenticate(`Bearer ${token}`);
      expect(a).not.toBe(b);
      expect(a).toEqual(b);
    } finally {
      await plain.close();
    }
  });
});
