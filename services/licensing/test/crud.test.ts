import { describe, expect, it } from 'vitest';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp();
const bearer = async (tenant: string, scope: string) => ({
  authorization: `Bearer ${await h.token(tenant, scope)}`,
});
const actionsFor = async (id: string) =>
  (
    await h.db.pool.query<{ action: string }>(
      `SELECT payload->>'action' AS action FROM outbox WHERE payload->'target'->>'id' = $1 ORDER BY created_at, id`,
      [id],
    )
  ).rows.map((row) => row.action);
const claimsOf = (key: string) => JSON.parse(Buffer.from(key.split('.')[1] ?? '', 'base64url').toString());

describe('policies: PATCH and DELETE', () => {
  it('changes settings for validation but leaves issued keys as signed', async () => {
    const s = await seedLicense(h, 'ten_pol1', { entitlements: ['export'] });
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/v1/policies/${s.policyId}`,
      headers: s.auth,
      payload: { entitlements: ['export', 'sso'], max_machines: 2, name: 'Pro 2' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Pro 2', max_machines: 2, entitlements: ['export', 'sso'] });
    // Online validation follows the policy as it is now…
    const validated = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/validate',
      payload: { key: s.key, entitlements: ['sso'] },
    });
    expect(validated.json()).toMatchObject({ code: 'VALID', license: { max_machines: 2 } });
    // …the key's signed claims stay as issued.
    expect(claimsOf(s.key)).toMatchObject({ entitlements: ['export'], max_machines: 5 });
    expect(await actionsFor(s.policyId)).toEqual(['licensing.policy.create', 'licensing.policy.update']);
  });

  it('refuses what would change the policy kind, and bad values, with 400', async () => {
    const s = await seedLicense(h, 'ten_pol2', { machine_mode: 'node_locked', max_machines: undefined });
    const patch = (payload: Record<string, unknown>) =>
      h.app.inject({ method: 'PATCH', url: `/v1/policies/${s.policyId}`, headers: s.auth, payload });
    expect((await patch({ machine_mode: 'floating' })).statusCode).toBe(400);
    expect((await patch({ product_id: s.productId })).statusCode).toBe(400);
    expect((await patch({ max_machines: 3 })).statusCode).toBe(400);
    expect((await patch({ grace_period_seconds: -1 })).statusCode).toBe(400);
  });

  it('deletes only unused policies; 409 while licenses use it', async () => {
    const s = await seedLicense(h, 'ten_pol3');
    const del = (id: string) =>
      h.app.inject({ method: 'DELETE', url: `/v1/policies/${id}`, headers: s.auth });
    const used = await del(s.policyId);
    expect(used.statusCode).toBe(409);
    const spare = await h.app.inject({
      method: 'POST',
      url: '/v1/policies',
      headers: s.auth,
      payload: { product_id: s.productId, name: 'Spare' },
    });
    expect((await del(spare.json().id)).statusCode).toBe(204);
    expect((await del(spare.json().id)).statusCode).toBe(404);
    expect(await actionsFor(spare.json().id)).toEqual(['licensing.policy.create', 'licensing.policy.delete']);
  });
});

describe('licenses: GET, PATCH and DELETE', () => {
  it('never shows the key after creation', async () => {
    const s = await seedLicense(h, 'ten_lic1');
    const reads = [
      await h.app.inject({ method: 'GET', url: `/v1/licenses/${s.licenseId}`, headers: s.auth }),
      await h.app.inject({ method: 'GET', url: '/v1/licenses', headers: s.auth }),
      await h.app.inject({
        method: 'PATCH',
        url: `/v1/licenses/${s.licenseId}`,
        headers: s.auth,
        payload: { metadata: { seat: 'A' } },
      }),
    ];
    for (const res of reads) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(s.key);
      expect(res.body).not.toContain(s.key.split('.')[2]);
    }
    expect(reads[0]?.json()).toMatchObject({ id: s.licenseId, key_hint: `BWL1…${s.key.slice(-6)}` });
    expect(reads[0]?.json()).not.toHaveProperty('key');
  });

  it('PATCH changes expiry, extra entitlements and metadata, audited', async () => {
    const s = await seedLicense(h, 'ten_lic2');
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/v1/licenses/${s.licenseId}`,
      headers: s.auth,
      payload: { expires_at: past, entitlements: ['beta'], metadata: { plan: 'trial' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ entitlements: ['beta', 'export'], metadata: { plan: 'trial' } });
    const validated = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/validate',
      payload: { key: s.key },
    });
    expect(validated.json().code).toBe('EXPIRED');
    const bad = await h.app.inject({
      method: 'PATCH',
      url: `/v1/licenses/${s.licenseId}`,
      headers: s.auth,
      payload: { status: 'active' },
    });
    expect(bad.statusCode).toBe(400);
    expect(await actionsFor(s.licenseId)).toEqual(['licensing.license.create', 'licensing.license.update']);
  });

  it('DELETE removes license and machines; the key then validates as NOT_FOUND', async () => {
    const s = await seedLicense(h, 'ten_lic3');
    await h.app.inject({
      method: 'POST',
      url: '/v1/machines/activate',
      payload: { key: s.key, fingerprint: 'fp' },
    });
    const del = await h.app.inject({ method: 'DELETE', url: `/v1/licenses/${s.licenseId}`, headers: s.auth });
    expect(del.statusCode).toBe(204);
    const validated = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/validate',
      payload: { key: s.key },
    });
    expect(validated.json().code).toBe('NOT_FOUND');
    const { rows } = await h.db.pool.query('SELECT 1 FROM machines WHERE license_id = $1', [s.licenseId]);
    expect(rows).toHaveLength(0);
    expect(await actionsFor(s.licenseId)).toEqual(['licensing.license.create', 'licensing.license.delete']);
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/v1/licenses/${s.licenseId}`, headers: s.auth }))
        .statusCode,
    ).toBe(404);
  });
});

describe('scopes on every write, tenants isolated', () => {
  it('read-only gets 403 on writes, another tenant 404, admin alone may read', async () => {
    const s = await seedLicense(h, 'ten_sc1');
    const readOnly = await bearer('ten_sc1', 'licensing:read');
    const adminOnly = await bearer('ten_sc1', 'licensing:admin');
    const other = await bearer('ten_sc2', 'licensing:admin');
    const writes = [
      { method: 'PATCH', url: `/v1/products/${s.productId}`, payload: { name: 'x' } },
      { method: 'DELETE', url: `/v1/products/${s.productId}` },
      { method: 'PATCH', url: `/v1/policies/${s.policyId}`, payload: { name: 'x' } },
      { method: 'DELETE', url: `/v1/policies/${s.policyId}` },
      { method: 'PATCH', url: `/v1/licenses/${s.licenseId}`, payload: { metadata: {} } },
      { method: 'DELETE', url: `/v1/licenses/${s.licenseId}` },
    ] as const;
    for (const write of writes) {
      expect((await h.app.inject({ ...write, headers: readOnly })).statusCode, write.url).toBe(403);
      expect((await h.app.inject({ ...write, headers: other })).statusCode, write.url).toBe(404);
    }
    for (const url of [
      `/v1/products/${s.productId}`,
      `/v1/policies/${s.policyId}`,
      `/v1/licenses/${s.licenseId}`,
      `/v1/licenses/${s.licenseId}/machines`,
      `/v1/licenses/${s.licenseId}/entitlements`,
      '/v1/entitlements?owner=cus_1',
    ]) {
      expect((await h.app.inject({ method: 'GET', url, headers: adminOnly })).statusCode, url).toBe(200);
      expect((await h.app.inject({ method: 'GET', url, headers: readOnly })).statusCode, url).toBe(200);
    }
    const unrelated = await bearer('ten_sc1', 'billing:read');
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/licenses/${s.licenseId}`, headers: unrelated }))
        .statusCode,
    ).toBe(403);
    // Nothing the refused writes touched was audited.
    expect(await actionsFor(s.licenseId)).toEqual(['licensing.license.create']);
  });
});
