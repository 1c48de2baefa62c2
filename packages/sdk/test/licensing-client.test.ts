import { beforeAll, describe, expect, it } from 'vitest';
// The example agent's in-process stack, by path: a workspace dependency on it would be a cycle.
import { useLocalStack } from '../../../apps/example-agent/test/support/stack.js';
import { Bulwark, BulwarkError, type Machine } from '../src/index.js';
import { verifyLicenseFileOffline, verifyLicenseKeyOffline } from '../src/node/index.js';
import { until } from './support/tenant.js';

const stack = useLocalStack({ licensing: true });

let admin: Bulwark;
let productId: string;
let policyId: string;

/** A fresh license under the shared policy, so each test owns its lifecycle. */
async function issue(owner: string) {
  const license = await admin.licensing.issue({
    policy_id: policyId,
    owner: { type: 'customer', id: owner },
  });
  return { id: license.id, key: license.key as string };
}

beforeAll(async () => {
  admin = new Bulwark({ apiKey: stack.adminKey, urls: stack.urls });
  const product = await admin.licensing.createProduct({ name: 'Desktop Editor' });
  productId = product.id;
  const policy = await admin.licensing.createPolicy({
    product_id: productId,
    name: 'Pro',
    max_machines: 2,
    heartbeat_interval_seconds: 600,
    entitlements: ['export'],
    offline_allowed: true,
    file_ttl_seconds: 3600,
  });
  policyId = policy.id;
});

describe('bw.licensing against the real licensing service', () => {
  it('issues a BWL1 key that validates VALID online, then SUSPENDED and REVOKED', async () => {
    const license = await issue('cus_lifecycle');
    expect(license.key).toMatch(/^BWL1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const client = new Bulwark({ urls: stack.urls }).licensing; // public route: the key is the credential

    expect(await client.validate({ key: license.key, product: productId })).toMatchObject({
      valid: true,
      code: 'VALID',
      license: { id: license.id },
    });
    expect(await client.validate({ key: license.key, entitlements: ['export'] })).toMatchObject({
      valid: true,
    });
    expect(await client.validate({ key: license.key, entitlements: ['print'] })).toMatchObject({
      valid: false,
      code: 'ENTITLEMENTS_MISSING',
    });

    expect(await admin.licensing.suspend(license.id)).toMatchObject({ status: 'suspended' });
    expect(await client.validate({ key: license.key })).toMatchObject({ valid: false, code: 'SUSPENDED' });
    expect(await admin.licensing.revoke(license.id)).toMatchObject({ status: 'revoked' });
    expect(await client.validate({ key: license.key })).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(await client.validate({ key: 'BWL1.not.akey' })).toMatchObject({ valid: false });
  });

  it('reads licenses back through the admin API without ever showing the key again', async () => {
    const license = await issue('cus_readback');
    const fetched = await admin.licensing.get(license.id);
    expect(fetched).toMatchObject({ id: license.id, status: 'active', policy_id: policyId });
    expect(JSON.stringify(fetched)).not.toContain(license.key);
    const listed = await admin.licensing.list({ limit: 100 });
    expect(listed.data.map((l) => l.id)).toContain(license.id);
    await expect(admin.licensing.get('lic_doesnotexist')).rejects.toMatchObject({ status: 404 });
  });

  it('activates a machine, validates with its fingerprint, heartbeats, and keeps a heartbeat loop going', async () => {
    const license = await issue('cus_machines');
    const client = new Bulwark({ urls: stack.urls }).licensing;
    const machine = await client.activate({ key: license.key, fingerprint: 'fp-laptop', name: 'laptop' });
    expect(machine).toMatchObject({ fingerprint: 'fp-laptop' });
    expect(machine.id).toMatch(/^mch_/);

    expect(await client.validate({ key: license.key, fingerprint: 'fp-laptop' })).toMatchObject({
      valid: true,
      machine_count: 1,
      machines: [{ fingerprint: 'fp-laptop' }],
    });
    expect(await client.validate({ key: license.key, fingerprint: 'fp-unknown' })).toMatchObject({
      valid: false,
      code: 'FINGERPRINT_MISMATCH',
    });

    const beat = await client.heartbeat({ key: license.key, fingerprint: 'fp-laptop' });
    expect(beat.id).toBe(machine.id);

    const beats: Machine[] = [];
    const errors: unknown[] = [];
    const loop = client.startHeartbeat(
      { key: license.key, fingerprint: 'fp-laptop' },
      { intervalSeconds: 0.2, onBeat: (m) => beats.push(m), onError: (e) => errors.push(e) },
    );
    try {
      await until('two heartbeats from the loop', () => (beats.length >= 2 ? true : undefined));
    } finally {
      await loop.stop();
    }
    expect(errors).toEqual([]);
    expect(beats.every((m) => m.id === machine.id)).toBe(true);

    const unknown = await client.heartbeat({ key: license.key, fingerprint: 'fp-never' }).catch((e) => e);
    expect(unknown).toBeInstanceOf(BulwarkError);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);

    await client.deactivate({ key: license.key, fingerprint: 'fp-laptop' });
    expect(await client.validate({ key: license.key, fingerprint: 'fp-laptop' })).toMatchObject({
      valid: false,
      machine_count: 0,
    });
  });

  it('refuses a third machine on a two-seat policy with a typed 409', async () => {
    const license = await issue('cus_seats');
    const client = new Bulwark({ urls: stack.urls }).licensing;
    await client.activate({ key: license.key, fingerprint: 'fp-1' });
    await client.activate({ key: license.key, fingerprint: 'fp-2' });
    const third = await client.activate({ key: license.key, fingerprint: 'fp-3' }).catch((e) => e);
    expect(third).toBeInstanceOf(BulwarkError);
    expect(third).toMatchObject({ status: 409 });
    expect(third.body).toMatchObject({ license_code: 'TOO_MANY_MACHINES' });
  });

  it('verifies the key offline (@bulwark/sdk/node) against the published keys', async () => {
    const license = await issue('cus_offline');
    const publicKeys = await new Bulwark({ urls: stack.urls }).licensing.keys();
    expect(publicKeys.keys.length).toBeGreaterThan(0);

    const result = verifyLicenseKeyOffline(license.key, { publicKeys, product: productId });
    expect(result).toMatchObject({
      valid: true,
      code: 'VALID',
      data: { lid: license.id, product: productId, entitlements: ['export'], exp: null },
    });
    expect(verifyLicenseKeyOffline(license.key, { publicKeys, product: 'prd_other' })).toMatchObject({
      valid: false,
      code: 'PRODUCT_MISMATCH',
    });
    expect(verifyLicenseKeyOffline(license.key, { publicKeys, entitlements: ['print'] })).toMatchObject({
      valid: false,
      code: 'ENTITLEMENTS_MISSING',
    });
    const [version, payload, signature = ''] = license.key.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verifyLicenseKeyOffline(`${version}.${payload}.${flipped}`, { publicKeys })).toMatchObject({
      valid: false,
      code: 'BAD_SIGNATURE',
    });
    expect(verifyLicenseKeyOffline(license.key, { publicKeys: { keys: [] } }).valid).toBe(false);
  });

  it('checks out a license file that verifies offline with its key, and only with its key', async () => {
    const license = await issue('cus_file');
    const other = await issue('cus_file_other');
    const client = new Bulwark({ urls: stack.urls }).licensing;
    const checkedOut = await client.checkout({ key: license.key });
    expect(checkedOut).toMatchObject({ type: 'license', file: { format: 'BWLF1', type: 'license' } });
    const publicKeys = await client.keys();
    // The file would be saved to disk and read back by the app; round-trip it through JSON like that.
    const file: unknown = JSON.parse(JSON.stringify(checkedOut.file));

    const verified = await verifyLicenseFileOffline(file, {
      publicKeys,
      licenseKey: license.key,
      product: productId,
    });
    expect(verified).toMatchObject({
      valid: true,
      data: { type: 'license', license: { id: license.id, status: 'active', product: productId } },
    });
    const wrongKey = await verifyLicenseFileOffline(file, { publicKeys, licenseKey: other.key });
    expect(wrongKey.valid).toBe(false);
    const later = Date.parse(checkedOut.expires_at) + 60_000;
    expect(
      await verifyLicenseFileOffline(file, { publicKeys, licenseKey: license.key, now: later }),
    ).toMatchObject({ valid: false, code: 'FILE_EXPIRED' });
  });
});
