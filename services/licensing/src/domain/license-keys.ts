import { hashSecret } from '@bulwark/core';
import { type LicenseKeyPayload, signLicenseKey } from '@bulwark/license-verifier';
import { openWithKek, sealWithKek } from '@bulwark/core';
import type { Signer } from '../keys/signing-keys.js';

const context = (licenseId: string) => `licensing.license_key:${licenseId}`;

export interface IssuedKey {
  key: string;
  keyHash: string;
  keyEnc: Buffer;
  keyHint: string;
}

export function issueLicenseKey(
  signer: Signer,
  kek: Buffer,
  payload: Omit<LicenseKeyPayload, 'kid' | 'v'>,
): IssuedKey {
  const key = signLicenseKey({ v: 1, ...payload, kid: signer.kid }, signer.privateKey);
  return {
    key,
    keyHash: hashSecret(key),
    keyEnc: sealWithKek(kek, Buffer.from(key, 'utf8'), context(payload.lid)),
    keyHint: `BWL1…${key.slice(-6)}`,
  };
}

export function revealLicenseKey(kek: Buffer, licenseId: string, keyEnc: Buffer): string {
  return openWithKek(kek, keyEnc, context(licenseId)).toString('utf8');
}
