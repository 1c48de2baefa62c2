import { describe, expect, it } from 'vitest';
import { createKeyRing, signLicenseKey, verifyLicenseKey } from '../src/index.js';
import { createSigner, NOW, payload } from './helpers.js';

const signer = createSigner('k1');
const other = createSigner('k2');
const jwks = { keys: [signer.jwk] };
const at = NOW * 1000;

function flipBit(bytes: Buffer, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

describe('verifyLicenseKey', () => {
  const key = signLicenseKey(payload('k1'), signer.privateKey);

  it('accepts a genuine key and returns its payload', () => {
    const result = verifyLicenseKey(key, {
      publicKeys: jwks,
      now: at,
      product: 'prd_editor',
      entitlements: ['sso'],
    });
    expect(result).toMatchObject({
      valid: true,
      code: 'VALID',
      data: { lid: 'lic_01testlicense', max_machines: 5 },
    });
  });

  it('gives BAD_SIGNATURE for every single bit flipped in the payload or the signature', () => {
    const [, payloadSegment = '', signatureSegment = ''] = key.split('.');
    const payloadBytes = Buffer.from(payloadSegment, 'base64url');
    const signatureBytes = Buffer.from(signatureSegment, 'base64url');
    const codes = new Set<string>();
    for (let bit = 0; bit < payloadBytes.length * 8; bit++) {
      const tampered = `BWL1.${flipBit(payloadBytes, bit).toString('base64url')}.${signatureSegment}`;
      codes.add(verifyLicenseKey(tampered, { publicKeys: jwks, now: at }).code);
    }
    for (let bit = 0; bit < signatureBytes.length * 8; bit++) {
      const tampered = `BWL1.${payloadSegment}.${flipBit(signatureBytes, bit).toString('base64url')}`;
      codes.add(verifyLicenseKey(tampered, { publicKeys: jwks, now: at }).code);
    }
    expect([...codes]).toEqual(['BAD_SIGNATURE']);
  });

  it('rejects a key signed by a key that is not in the JWKS (unknown kid or wrong key)', () => {
    const foreign = signLicenseKey(payload('k2'), other.privateKey);
    expect(verifyLicenseKey(foreign, { publicKeys: jwks, now: at })).toMatchObject({
      valid: false,
      code: 'BAD_SIGNATURE',
    });
    // Same kid as ours, but signed with someone else's private key.
    const impostor = signLicenseKey(payload('k1'), other.privateKey);
    expect(verifyLicenseKey(impostor, { publicKeys: jwks, now: at }).code).toBe('BAD_SIGNATURE');
  });

  it('keeps verifying keys of a rotated-out signing key while it is still in the JWKS', () => {
    const ring = createKeyRing({ keys: [other.jwk, signer.jwk] });
    expect(verifyLicenseKey(key, { publicKeys: ring, now: at }).valid).toBe(true);
  });

  it('rejects an expired license', () => {
    const expired = signLicenseKey(payload('k1', { exp: NOW - 1 }), signer.privateKey);
    expect(verifyLicenseKey(expired, { publicKeys: jwks, now: at }).code).toBe('EXPIRED');
    const perpetual = signLicenseKey(payload('k1', { exp: null }), signer.privateKey);
    expect(verifyLicenseKey(perpetual, { publicKeys: jwks, now: at + 10 ** 12 }).valid).toBe(true);
  });

  it('flags a clock set before the key was issued', () => {
    expect(verifyLicenseKey(key, { publicKeys: jwks, now: at - 86_400_000 }).code).toBe('CLOCK_ROLLBACK');
  });

  it('checks the product and the required entitlements', () => {
    expect(verifyLicenseKey(key, { publicKeys: jwks, now: at, product: 'prd_other' }).code).toBe(
      'PRODUCT_MISMATCH',
    );
    const result = verifyLicenseKey(key, { publicKeys: jwks, now: at, entitlements: ['sso', 'audit'] });
    expect(result).toMatchObject({ code: 'ENTITLEMENTS_MISSING' });
    expect(result.detail).toContain('audit');
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello world'],
    ['truncated', () => key.slice(0, key.length - 10)],
    ['missing part', () => key.split('.').slice(0, 2).join('.')],
    ['wrong version', () => key.replace(/^BWL1/, 'BWL2')],
    ['unicode', 'BWL1.🔑💥.ünïcødé'],
    ['oversized', `BWL1.${'A'.repeat(10_000)}.${'B'.repeat(86)}`],
    ['non-canonical base64', () => `${key}A`],
    ['not a string', 42],
    ['null', null],
    ['object', { key: 'BWL1' }],
  ])('answers a %s key with a code instead of throwing', (_name, input) => {
    const value = typeof input === 'function' ? input() : input;
    const result = verifyLicenseKey(value, { publicKeys: jwks, now: at });
    expect(result.valid).toBe(false);
    expect(['MALFORMED', 'BAD_SIGNATURE']).toContain(result.code);
  });

  it('copes with a broken or empty JWKS', () => {
    expect(
      verifyLicenseKey(key, {
        publicKeys: { keys: [null, { kty: 'OKP', crv: 'Ed25519', x: '!!', kid: 'k1' }] },
        now: at,
      }).code,
    ).toBe('BAD_SIGNATURE');
    expect(verifyLicenseKey(key, { publicKeys: [], now: at }).code).toBe('BAD_SIGNATURE');
  });
});
