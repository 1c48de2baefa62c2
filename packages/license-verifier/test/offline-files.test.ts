import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFileLastSeenStore,
  deriveFileKey,
  sealOfflineFile,
  verifyLicenseFile,
  verifyMachineFile,
} from '../src/index.js';
import { createSigner, filePayload, NOW } from './helpers.js';

const signer = createSigner('k1');
const jwks = { keys: [signer.jwk] };
const licenseKey = 'BWL1.example-license-key.sig';
const at = NOW * 1000;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bwl-verifier-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function licenseFile(overrides = {}) {
  return JSON.stringify(
    sealOfflineFile({
      payload: filePayload('license', overrides),
      licenseKey,
      kid: 'k1',
      privateKey: signer.privateKey,
    }),
  );
}

describe('license files', () => {
  it('opens and verifies a genuine file', async () => {
    const result = await verifyLicenseFile(licenseFile(), { publicKeys: jwks, licenseKey, now: at });
    expect(result).toMatchObject({
      valid: true,
      data: { license: { id: 'lic_01testlicense' }, type: 'license' },
    });
  });

  it('is encrypted: the plaintext does not appear in the file', () => {
    expect(licenseFile()).not.toContain('lic_01testlicense');
    expect(JSON.parse(licenseFile())).toMatchObject({ format: 'BWLF1', enc: 'aes-256-gcm', alg: 'EdDSA' });
  });

  it('derives its key from the license key: another key cannot open it', async () => {
    const result = await verifyLicenseFile(licenseFile(), {
      publicKeys: jwks,
      licenseKey: `${licenseKey}x`,
      now: at,
    });
    expect(result.code).toBe('DECRYPTION_FAILED');
    expect(deriveFileKey(licenseKey, 'license')).toHaveLength(32);
  });

  it('detects tampering with any field of the envelope', async () => {
    const original = JSON.parse(licenseFile()) as Record<string, string>;
    for (const field of ['ciphertext', 'iv', 'tag', 'sig']) {
      const value = original[field] ?? '';
      const flipped = (value[0] === 'A' ? 'B' : 'A') + value.slice(1);
      const result = await verifyLicenseFile(
        { ...original, [field]: flipped },
        { publicKeys: jwks, licenseKey, now: at },
      );
      expect(result.code, field).toBe('BAD_SIGNATURE');
    }
    const swappedType = await verifyLicenseFile(
      { ...original, kid: 'k9' },
      { publicKeys: jwks, licenseKey, now: at },
    );
    expect(swappedType.code).toBe('BAD_SIGNATURE');
  });

  it('fails when the file TTL has passed, and when the license itself expired', async () => {
    expect(
      (await verifyLicenseFile(licenseFile(), { publicKeys: jwks, licenseKey, now: at + 7200_000 })).code,
    ).toBe('FILE_EXPIRED');
    const expiredLicense = licenseFile({
      license: { ...filePayload('license').license, expires_at: NOW - 10 },
    });
    expect((await verifyLicenseFile(expiredLicense, { publicKeys: jwks, licenseKey, now: at })).code).toBe(
      'EXPIRED',
    );
  });

  it('reports the snapshot status', async () => {
    const suspended = licenseFile({ license: { ...filePayload('license').license, status: 'suspended' } });
    expect((await verifyLicenseFile(suspended, { publicKeys: jwks, licenseKey, now: at })).code).toBe(
      'SUSPENDED',
    );
  });

  it('detects a clock rolled back behind the last time seen', async () => {
    const store = createFileLastSeenStore(join(dir, 'nested', 'last-seen.json'));
    const file = licenseFile();
    expect(
      (await verifyLicenseFile(file, { publicKeys: jwks, licenseKey, now: at + 1800_000, lastSeen: store }))
        .valid,
    ).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'nested', 'last-seen.json'), 'utf8'))).toEqual({
      last_seen: NOW + 1800,
    });
    // Set the clock back one hour: the file is inside its TTL again, but we have seen later.
    const rolled = await verifyLicenseFile(file, {
      publicKeys: jwks,
      licenseKey,
      now: at - 1800_000 + 1000,
      lastSeen: store,
    });
    expect(rolled.code).toBe('CLOCK_ROLLBACK');
    // Small drift within the tolerance is not rollback.
    expect(
      (await verifyLicenseFile(file, { publicKeys: jwks, licenseKey, now: at + 1700_000, lastSeen: store }))
        .valid,
    ).toBe(true);
  });

  it('flags a clock behind the file issue time even without a store', async () => {
    expect(
      (await verifyLicenseFile(licenseFile(), { publicKeys: jwks, licenseKey, now: at - 86_400_000 })).code,
    ).toBe('CLOCK_ROLLBACK');
  });

  it.each([
    ['garbage'],
    ['{}'],
    ['[1,2]'],
    ['null'],
    ['{"format":"BWLF1","type":"license"}'],
    ['x'.repeat(2_000_000)],
  ])('answers malformed input %# with MALFORMED', async (input) => {
    expect((await verifyLicenseFile(input, { publicKeys: jwks, licenseKey, now: at })).code).toBe(
      'MALFORMED',
    );
  });
});

describe('machine files', () => {
  const seal = (fingerprint: string) =>
    sealOfflineFile({
      payload: filePayload('machine', {}, fingerprint),
      licenseKey,
      kid: 'k1',
      privateKey: signer.privateKey,
    });

  it('verifies on the machine it was checked out for', async () => {
    const result = await verifyMachineFile(seal('fp-a'), {
      publicKeys: jwks,
      licenseKey,
      fingerprint: 'fp-a',
      now: at,
    });
    expect(result).toMatchObject({ valid: true, data: { machine: { fingerprint: 'fp-a' } } });
  });

  it('fails on another fingerprint', async () => {
    const result = await verifyMachineFile(seal('fp-a'), {
      publicKeys: jwks,
      licenseKey,
      fingerprint: 'fp-b',
      now: at,
    });
    expect(result.code).toBe('FINGERPRINT_MISMATCH');
  });

  it('is not accepted as a license file and vice versa', async () => {
    expect((await verifyLicenseFile(seal('fp-a'), { publicKeys: jwks, licenseKey, now: at })).code).toBe(
      'MALFORMED',
    );
  });
});
