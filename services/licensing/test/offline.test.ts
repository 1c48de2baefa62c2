import { verifyLicenseFile, verifyLicenseKey, verifyMachineFile } from '@bulwark/license-verifier';
import { describe, expect, it } from 'vitest';
import { seedLicense, useLicensingApp } from './harness.js';

const h = useLicensingApp();

async function jwks() {
  const res = await h.app.inject({ method: 'GET', url: '/v1/keys' });
  expect(res.statusCode).toBe(200);
  return res.json() as { keys: { kid: string }[] };
}

describe('offline', () => {
  it('issues keys that verify offline against /v1/keys, also after rotation', async () => {
    const { key } = await seedLicense(h, 'ten_off1');
    const before = await jwks();
    expect(verifyLicenseKey(key, { publicKeys: before, now: h.clock.now() }).valid).toBe(true);
    const root = { authorization: `Bearer ${await h.token('ten_root', 'tenants:admin')}` };
    const rotated = await h.app.inject({ method: 'POST', url: '/v1/keys/rotate', headers: root });
    expect(rotated.statusCode).toBe(200);
    const after = await jwks();
    expect(after.keys).toHaveLength(2);
    // Old keys keep verifying, offline and online; new keys use the new kid.
    expect(verifyLicenseKey(key, { publicKeys: after, now: h.clock.now() }).valid).toBe(true);
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/licenses/validate', payload: { key } })).json().code,
    ).toBe('VALID');
    const fresh = await seedLicense(h, 'ten_off1');
    const result = verifyLicenseKey(fresh.key, { publicKeys: after, now: h.clock.now() });
    expect(result.valid && result.data.kid).toBe(rotated.json().active_kid);
    const tenantAdmin = { authorization: `Bearer ${await h.token('ten_off1', 'licensing:admin')}` };
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/keys/rotate', headers: tenantAdmin })).statusCode,
    ).toBe(403);
  });

  it('checks out a license file that verifies offline and expires with its TTL', async () => {
    const { key } = await seedLicense(h, 'ten_off2', { file_ttl_seconds: 3600 });
    const res = await h.app.inject({ method: 'POST', url: '/v1/licenses/checkout', payload: { key } });
    expect(res.statusCode).toBe(200);
    const { file } = res.json();
    const keys = await jwks();
    const now = h.clock.nowMs();
    expect((await verifyLicenseFile(file, { publicKeys: keys, licenseKey: key, now })).valid).toBe(true);
    expect(
      (await verifyLicenseFile(file, { publicKeys: keys, licenseKey: key, now: now + 3_601_000 })).code,
    ).toBe('FILE_EXPIRED');
    const tooLong = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/checkout',
      payload: { key, ttl: 7200 },
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('checks out a machine file bound to one fingerprint', async () => {
    const { key, licenseId, auth } = await seedLicense(h, 'ten_off3');
    const noMachine = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/checkout',
      payload: { key, fingerprint: 'fp-1' },
    });
    expect(noMachine.json().license_code).toBe('FINGERPRINT_MISMATCH');
    // Air-gapped flow: the admin activates the machine and checks its file out on the customer's behalf.
    await h.app.inject({
      method: 'POST',
      url: `/v1/licenses/${licenseId}/machines`,
      headers: auth,
      payload: { fingerprint: 'fp-1' },
    });
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/licenses/${licenseId}/checkout`,
      headers: auth,
      payload: { fingerprint: 'fp-1' },
    });
    expect(res.statusCode).toBe(200);
    const keys = await jwks();
    const now = h.clock.nowMs();
    const ok = await verifyMachineFile(res.json().file, {
      publicKeys: keys,
      licenseKey: key,
      fingerprint: 'fp-1',
      now,
    });
    expect(ok).toMatchObject({ valid: true, data: { machine: { fingerprint: 'fp-1' } } });
    const other = await verifyMachineFile(res.json().file, {
      publicKeys: keys,
      licenseKey: key,
      fingerprint: 'fp-2',
      now,
    });
    expect(other.code).toBe('FINGERPRINT_MISMATCH');
    const checkIn = await h.app.inject({
      method: 'POST',
      url: '/v1/licenses/check-in',
      payload: { key, fingerprint: 'fp-1' },
    });
    expect(checkIn.statusCode).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/licenses/${licenseId}`, headers: auth })).json()
        .last_check_in_at,
    ).not.toBeNull();
  });

  it('refuses files for suspended licenses and policies without offline use', async () => {
    const a = await seedLicense(h, 'ten_off4', { offline_allowed: false });
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/licenses/checkout', payload: { key: a.key } }))
        .statusCode,
    ).toBe(403);
    const b = await seedLicense(h, 'ten_off4');
    await h.app.inject({ method: 'POST', url: `/v1/licenses/${b.licenseId}/suspend`, headers: b.auth });
    const res = await h.app.inject({ method: 'POST', url: '/v1/licenses/checkout', payload: { key: b.key } });
    expect(res.json().license_code).toBe('SUSPENDED');
  });
});
