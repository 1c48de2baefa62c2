import { useRedisPrefix } from '@bulwark/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevocationCache, type ServiceApp, serviceInternals } from '../src/index.js';
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

const now = () => Math.floor(Date.now() / 1000);

async function statusOf(token: string): Promise<number> {
  const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
  return response.statusCode;
}

/** Polls for up to 1 s (the propagation budget) until the token is rejected. */
async function rejectedWithinOneSecond(token: string): Promise<boolean> {
  const deadline = Date.now() + 1_000;
  while (Date.now() < deadline) {
    if ((await statusOf(token)) === 401) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await statusOf(token)) === 401;
}

async function publish(message: Record<string, unknown>) {
  await redisNs.redis.publish(`${redisNs.prefix}revocations`, JSON.stringify(message));
}

describe('revocation through Redis pub/sub', () => {
  it('rejects a token whose jti is revoked within 1 s of the publish', async () => {
    const token = await fx.issuer.mint({ jti: 'jti-to-revoke' });
    expect(await statusOf(token)).toBe(200);
    await redisNs.redis.zadd(`${redisNs.prefix}revoked:jti`, now() + 600, 'jti-to-revoke');
    await publish({ kind: 'jti', value: 'jti-to-revoke', exp: now() + 600 });
    expect(await rejectedWithinOneSecond(token)).toBe(true);
    const response = await app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
    expect(response.json()).toMatchObject({
      code: 'unauthenticated',
      detail: expect.stringMatching(/revoked/),
    });
    expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('a tenant kill switch rejects tokens issued before it, and not tokens issued after', async () => {
    const old = await fx.issuer.mint({ tenant_id: 'ten_killed' }, { now: now() - 10 });
    expect(await statusOf(old)).toBe(200);
    await publish({ kind: 'tenant', value: 'ten_killed', not_before: now() - 5 });
    expect(await rejectedWithinOneSecond(old)).toBe(true);
    expect(await statusOf(await fx.issuer.mint({ tenant_id: 'ten_killed' }))).toBe(200);
    expect(await statusOf(await fx.issuer.mint({ tenant_id: 'ten_other' }, { now: now() - 10 }))).toBe(200);
  });

  it('revoking an agent kills its delegated tokens (agent = act.sub)', async () => {
    const delegated = await fx.issuer.mint(
      { sub: 'usr_a', client_id: 'agt_rogue', act: { sub: 'agt_rogue' } },
      { now: now() - 10 },
    );
    expect(await statusOf(delegated)).toBe(200);
    await publish({ kind: 'agent', value: 'agt_rogue', not_before: now() });
    expect(await rejectedWithinOneSecond(delegated)).toBe(true);
  });

  it('revoking a user kills that user`s tokens', async () => {
    const token = await fx.issuer.mint({ sub: 'usr_fired' }, { now: now() - 10 });
    expect(await statusOf(token)).toBe(200);
    await publish({ kind: 'user', value: 'usr_fired', not_before: now() });
    expect(await rejectedWithinOneSecond(token)).toBe(true);
  });

  it('ignores malformed messages without breaking the subscription', async () => {
    await redisNs.redis.publish(`${redisNs.prefix}revocations`, 'not json');
    await publish({ kind: 'everything', value: '*' });
    const token = await fx.issuer.mint({ jti: 'after-garbage' });
    expect(await statusOf(token)).toBe(200);
    await publish({ kind: 'jti', value: 'after-garbage' });
    expect(await rejectedWithinOneSecond(token)).toBe(true);
  });

  it('the app is ready once revocations are loaded', async () => {
    expect(serviceInternals(app)?.authenticator?.revocations?.synced).toBe(true);
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
  });
});

describe('RevocationCache standalone', () => {
  it('loads the snapshot at start (set before it existed)', async () => {
    const prefix = `${redisNs.prefix}snap:`;
    await redisNs.redis.zadd(`${prefix}revoked:jti`, now() + 600, 'snap-jti');
    await redisNs.redis.zadd(`${prefix}revoked:jti`, now() - 3600, 'long-expired-jti');
    await redisNs.redis.hset(`${prefix}revoked:nbf`, 'tenant:ten_snap', String(now()));
    const cache = new RevocationCache({ redisUrl: redisNs.url, prefix });
    try {
      await cache.start();
      expect(cache.revokedBy({ jti: 'snap-jti', iat: now(), tenantId: 't' })).toBe('jti');
      expect(cache.revokedBy({ jti: 'x', iat: now() - 1, tenantId: 'ten_snap' })).toBe('tenant');
      expect(cache.revokedBy({ jti: 'x', iat: now() + 1, tenantId: 'ten_snap' })).toBeUndefined();
    } finally {
      await cache.close();
    }
  });

  it('re-reads the snapshot after its subscriber reconnects (messages missed meanwhile)', async () => {
    const prefix = `${redisNs.prefix}reconnect:`;
    const connectionName = `bulwark-revocations-test-${process.pid}-${Date.now()}`;
    const cache = new RevocationCache({ redisUrl: redisNs.url, prefix, redisOptions: { connectionName } });
    const admin = new Redis(redisNs.url);
    try {
      await cache.start();
      // Written while no message is published: only a resync can discover it.
      await admin.hset(`${prefix}revoked:nbf`, 'user:usr_missed', String(now() + 60));
      const clients = (await admin.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(`name=${connectionName}`))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => id !== undefined);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) await admin.client('KILL', 'ID', id);
      const subject = { jti: 'y', iat: now(), tenantId: 't', userId: 'usr_missed' };
      const deadline = Date.now() + 10_000;
      while (!cache.isRevoked(subject) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(cache.revokedBy(subject)).toBe('user');
    } finally {
      admin.disconnect();
      await cache.close();
    }
  });
});
