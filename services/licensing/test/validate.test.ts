import { describe, expect, it } from 'vitest';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp();
const validate = (payload: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url: '/v1/licenses/validate', payload });

function flip(key: string, segment: 1 | 2, bit: number): string {
  const parts = key.split('.');
  const bytes = Buffer.from(parts[segment] ?? '', 'base64url');
  bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  parts[segment] = bytes.toString('base64url');
  return parts.join('.');
}

describe('POST /v1/licenses/validate', () => {
  it('validates a fresh key and returns the license', async () => {
    const { key, licenseId, productId } = await seedLicense(h, 'ten_v1');
    const res = await validate({ key, product: productId, entitlements: ['export'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      valid: true,
      code: 'VALID',
      license: { id: licenseId, status: 'active' },
      machines: [],
    });
  });

  it('gives BAD_SIGNATURE for flipped bits in payload or signature', async () => {
    const { key } = await seedLicense(h, 'ten_v2');
    for (const [segment, bit] of [
      [1, 0],
      [1, 77],
      [1, 200],
      [2, 0],
      [2, 300],
      [2, 511],
    ] as const) {
      expect((await validate({ key: flip(key, segment, bit) })).json().code).toBe('BAD_SIGNATURE');
    }
  });

  it('answers garbage, truncated and unicode keys with a code, oversized ones with 400', async () => {
    const { key } = await seedLicense(h, 'ten_v3');
    for (const garbage of [
      'x',
      'BWL1..',
      key.slice(0, 40),
      '🔑'.repeat(50),
      `BWL1.${'é'.repeat(30)}.abc`,
      '\u0000',
    ]) {
      const res = await validate({ key: garbage });
      expect(res.statusCode).toBe(200);
      expect(['NOT_FOUND', 'BAD_SIGNATURE']).toContain(res.json().code);
    }
    expect((await validate({ key: 'A'.repeat(10_000) })).statusCode).toBe(400);
    // JSON bodies are validated without type coercion (service-kit): a number is not a key string.
    const numeric = await validate({ key: 42 });
    expect(numeric.statusCode).toBe(400);
    expect(numeric.json()).toMatchObject({ code: 'validation_failed' });
    expect((await validate({ key: { nested: true } })).statusCode).toBe(400);
    expect((await validate({})).statusCode).toBe(400);
  });

  it('checks product, entitlements, node-locking and fingerprints in order', async () => {
    const { key } = await seedLicense(h, 'ten_v4');
    expect((await validate({ key, product: 'prd_other0000000' })).json().code).toBe('PRODUCT_MISMATCH');
    expect((await validate({ key, entitlements: ['sso'] })).json().code).toBe('ENTITLEMENTS_MISSING');
    expect((await validate({ key, fingerprint: 'fp' })).json().code).toBe('NO_MACHINE');
    await h.app.inject({ method: 'POST', url: '/v1/machines/activate', payload: { key, fingerprint: 'fp' } });
    expect((await validate({ key, fingerprint: 'other' })).json().code).toBe('FINGERPRINT_MISMATCH');
    expect((await validate({ key, fingerprint: 'fp' })).json()).toMatchObject({
      code: 'VALID',
      machines: [{ fingerprint: 'fp' }],
    });
    const locked = await seedLicense(h, 'ten_v4', { machine_mode: 'node_locked', max_machines: undefined });
    expect((await validate({ key: locked.key })).json().code).toBe('NO_MACHINE');
  });

  it('walks the lifecycle: suspend, reinstate, revoke — each audited in the outbox', async () => {
    const { key, licenseId, auth } = await seedLicense(h, 'ten_v5');
    const post = (verb: string) =>
      h.app.inject({ method: 'POST', url: `/v1/licenses/${licenseId}/${verb}`, headers: auth });
    expect((await post('suspend')).json().status).toBe('suspended');
    expect((await validate({ key })).json().code).toBe('SUSPENDED');
    expect((await post('suspend')).statusCode).toBe(409);
    expect((await post('reinstate')).json().status).toBe('active');
    const transfer = await h.app.inject({
      method: 'POST',
      url: `/v1/licenses/${licenseId}/transfer`,
      headers: auth,
      payload: { owner: { type: 'user', id: 'usr_new' } },
    });
    expect(transfer.json().owner).toEqual({ type: 'user', id: 'usr_new' });
    expect((await post('revoke')).json().status).toBe('revoked');
    expect((await validate({ key })).json().code).toBe('REVOKED');
    const { rows } = await h.db.pool.query(
      `SELECT payload->>'action' AS action FROM outbox WHERE payload->'target'->>'id' = $1 ORDER BY created_at, id`,
      [licenseId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'licensing.license.create',
      'licensing.license.suspend',
      'licensing.license.reinstate',
      'licensing.license.transfer',
      'licensing.license.revoke',
    ]);
  });

  it('expires online after expiry plus grace, and renew brings it back', async () => {
    const { key, licenseId, auth } = await seedLicense(h, 'ten_v6', {
      duration_seconds: 3600,
      grace_period_seconds: 600,
    });
    h.clock.advance(3_700_000);
    expect((await validate({ key })).json()).toMatchObject({ code: 'VALID' });
    h.clock.advance(600_000);
    expect((await validate({ key })).json().code).toBe('EXPIRED');
    const renewed = await h.app.inject({
      method: 'POST',
      url: `/v1/licenses/${licenseId}/renew`,
      headers: auth,
    });
    expect(renewed.statusCode).toBe(200);
    expect((await validate({ key })).json().code).toBe('VALID');
  });
});

describe('admin API', () => {
  it('enforces scopes, hides other tenants (404) and paginates', async () => {
    const a = await seedLicense(h, 'ten_a');
    const readOnly = { authorization: `Bearer ${await h.token('ten_a', 'licensing:read')}` };
    const other = { authorization: `Bearer ${await h.token('ten_b', 'licensing:admin licensing:read')}` };
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/products', headers: readOnly, payload: { name: 'x' } }))
        .statusCode,
    ).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/v1/licenses/${a.licenseId}` })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/licenses/${a.licenseId}`, headers: other })).statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ method: 'POST', url: `/v1/licenses/${a.licenseId}/suspend`, headers: other }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/licenses/${a.licenseId}`, headers: readOnly })).json()
        .id,
    ).toBe(a.licenseId);
    for (let i = 0; i < 3; i++) {
      await h.app.inject({
        method: 'POST',
        url: '/v1/products',
        headers: a.auth,
        payload: { name: `p${i}` },
      });
    }
    const first = await h.app.inject({ method: 'GET', url: '/v1/products?limit=2', headers: readOnly });
    expect(first.json().data).toHaveLength(2);
    const second = await h.app.inject({
      method: 'GET',
      url: `/v1/products?limit=2&cursor=${first.json().next_cursor}`,
      headers: readOnly,
    });
    expect(second.json().data).toHaveLength(2);
    expect(second.json().next_cursor).toBeNull();
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/products?cursor=%%%', headers: readOnly })).statusCode,
    ).toBe(400);
  });

  it('replays a create with the same Idempotency-Key and refuses a different body', async () => {
    const auth = {
      authorization: `Bearer ${await h.token('ten_idem', 'licensing:admin')}`,
      'idempotency-key': 'k-1',
    };
    const one = await h.app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: { name: 'Same' },
    });
    const two = await h.app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: { name: 'Same' },
    });
    expect(two.json().id).toBe(one.json().id);
    const clash = await h.app.inject({
      method: 'POST',
      url: '/v1/products',
      headers: auth,
      payload: { name: 'Different' },
    });
    expect(clash.statusCode).toBe(409);
  });

  it('serves entitlements per license and per owner for the flags service', async () => {
    const a = await seedLicense(
      h,
      'ten_ent',
      { entitlements: ['export', 'sso'] },
      { owner: { type: 'user', id: 'usr_7' }, entitlements: ['beta'] },
    );
    const byLicense = await h.app.inject({
      method: 'GET',
      url: `/v1/licenses/${a.licenseId}/entitlements`,
      headers: a.auth,
    });
    expect(byLicense.json()).toMatchObject({ active: true, entitlements: ['beta', 'export', 'sso'] });
    const byOwner = await h.app.inject({
      method: 'GET',
      url: '/v1/entitlements?owner=usr_7',
      headers: a.auth,
    });
    expect(byOwner.json().entitlements).toEqual(['beta', 'export', 'sso']);
    await h.app.inject({ method: 'POST', url: `/v1/licenses/${a.licenseId}/suspend`, headers: a.auth });
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/entitlements?owner=usr_7', headers: a.auth })).json()
        .entitlements,
    ).toEqual([]);
  });
});
