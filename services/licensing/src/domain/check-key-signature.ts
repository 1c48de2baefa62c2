import { hashSecret } from '@bulwark/core';
import { parseLicenseKey, verifyLicenseKeySignature } from '@bulwark/license-verifier';
import type { ClientBase, Pool } from 'pg';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import type { VerifiedKey, VerifiedKeyCache } from './verified-key-cache.js';

export type SignatureCheck =
  | { ok: true; key: string; keyHash: string; claims: VerifiedKey }
  | { ok: false; code: 'NOT_FOUND' | 'BAD_SIGNATURE'; detail: string };

const NOT_A_KEY = {
  ok: false,
  code: 'NOT_FOUND',
  detail: 'This is not a Bulwark license key (expected BWL1.<payload>.<signature>).',
} as const;

/**
 * Shape, then signature — no database work for forgeries. The SHA-256 of the key is computed once:
 * it finds a previous verification in the cache and is the column the license is looked up by.
 */
export async function checkKeySignature(
  keys: SigningKeyStore,
  cache: VerifiedKeyCache,
  presented: unknown,
  db?: Pool | ClientBase,
): Promise<SignatureCheck> {
  if (typeof presented !== 'string') return NOT_A_KEY;
  const key = presented.trim();
  const keyHash = hashSecret(key);
  const cached = cache.get(keyHash);
  if (cached) return { ok: true, key, keyHash, claims: cached };
  const parsed = parseLicenseKey(key);
  if (!parsed) return NOT_A_KEY;
  const kid = (parsed.claims as { kid?: unknown } | undefined)?.kid;
  const ring = await keys.keyRing(typeof kid === 'string' ? kid : undefined, db);
  const signed = verifyLicenseKeySignature(key, ring);
  if (!signed.valid) {
    return signed.code === 'MALFORMED'
      ? { ok: false, code: 'NOT_FOUND', detail: signed.detail }
      : { ok: false, code: 'BAD_SIGNATURE', detail: signed.detail };
  }
  const claims = { lid: signed.data.lid, tenant: signed.data.tenant };
  cache.remember(keyHash, claims);
  return { ok: true, key, keyHash, claims };
}
