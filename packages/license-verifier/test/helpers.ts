import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import type { LicenseKeyPayload, OfflineFilePayload } from '../src/index.js';

export interface TestSigner {
  kid: string;
  privateKey: KeyObject;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
}

export function createSigner(kid: string): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const exported = publicKey.export({ format: 'jwk' }) as { x: string };
  return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x: exported.x, kid } };
}

export const NOW = Date.UTC(2026, 0, 1) / 1000;

export function payload(kid: string, overrides: Partial<LicenseKeyPayload> = {}): LicenseKeyPayload {
  return {
    v: 1,
    lid: 'lic_01testlicense',
    tenant: 'ten_acme',
    product: 'prd_editor',
    policy: 'pol_pro',
    entitlements: ['export', 'sso'],
    exp: NOW + 86_400,
    max_machines: 5,
    iat: NOW - 60,
    kid,
    ...overrides,
  };
}

export function filePayload(
  type: 'license' | 'machine',
  overrides: Partial<OfflineFilePayload> = {},
  fingerprint = 'fp-machine-1',
): OfflineFilePayload {
  return {
    v: 1,
    type,
    iat: NOW - 60,
    exp: NOW + 3600,
    ttl: 3660,
    license: {
      id: 'lic_01testlicense',
      tenant: 'ten_acme',
      product: 'prd_editor',
      policy: 'pol_pro',
      status: 'active',
      expires_at: NOW + 86_400,
      entitlements: ['export'],
      max_machines: 5,
    },
    ...(type === 'machine'
      ? { machine: { id: 'mch_1', fingerprint, name: 'laptop', platform: 'linux' } }
      : {}),
    ...overrides,
  };
}
