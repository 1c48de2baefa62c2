import { describe, expect, it } from 'vitest';
import { VerifiedKeyCache } from '../src/domain/verified-key-cache.js';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp();

describe('verified-key cache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new VerifiedKeyCache(2);
    cache.remember('a', { lid: 'lic_a', tenant: 't' });
    cache.remember('b', { lid: 'lic_b', tenant: 't' });
    expect(cache.get('a')?.lid).toBe('lic_a'); // a is now the most recent
    cache.remember('c', { lid: 'lic_c', tenant: 't' });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.lid).toBe('lic_a');
    expect(cache.size).toBe(2);
  });

  it('a cached key does not vouch for a tampered copy of it', async () => {
    const { key } = await seedLicense(h, 'ten_cache');
    const validate = (k: string) =>
      h.app.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { key: k } });
    expect((await validate(key)).json()).toMatchObject({ code: 'VALID', machine_count: 0, machines: [] });
    expect((await validate(key)).json().code).toBe('VALID');
    const sig = key.split('.')[2] ?? '';
    const tampered = `${key.slice(0, -sig.length)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect((await validate(tampered)).json().code).toBe('BAD_SIGNATURE');
    expect((await validate(` ${key} `)).json().code).toBe('VALID');
  });
});
