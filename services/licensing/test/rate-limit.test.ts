import { useRedisPrefix } from '@bulwark/testing';
import { describe, expect, it } from 'vitest';
import { seedLicense, useLicensingApp } from './harness.js';

const redis = useRedisPrefix();
const h = useLicensingApp({
  app: {
    rateLimit: { max: 1000, redis: { url: redis.url, prefix: redis.prefix } },
    keyRateLimit: { max: 3, timeWindowMs: 60_000 },
  },
});
const post = (url: string, payload: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url, payload });

describe('per-key rate limit on the public routes', () => {
  it('answers 429 with Retry-After once a key used its budget; other keys are unaffected', async () => {
    const a = await seedLicense(h, 'ten_rl1');
    const b = await seedLicense(h, 'ten_rl2');
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await post('/v1/licenses/validate', { key: a.key })).statusCode);
    expect(codes).toEqual([200, 200, 200]);
    // The budget is per key, across routes: activation with the same key is refused too.
    for (const [url, payload] of [
      ['/v1/licenses/validate', { key: a.key }],
      ['/v1/machines/activate', { key: a.key, fingerprint: 'fp' }],
      ['/v1/machines/heartbeat', { key: a.key, fingerprint: 'fp' }],
      ['/v1/licenses/checkout', { key: a.key }],
    ] as const) {
      const limited = await post(url, payload);
      expect(limited.statusCode, url).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.body).not.toContain(a.key);
    }
    expect((await post('/v1/licenses/validate', { key: b.key })).json().code).toBe('VALID');
    // Counters are keyed by a hash of the key: the key itself never reaches Redis.
    const keys = await redis.redis.keys(`${redis.prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(a.key.slice(5, 40));
  });

  it('garbage keys are limited per key string as well, still never a 500', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await post('/v1/licenses/validate', { key: 'garbage' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});
