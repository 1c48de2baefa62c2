import { hashSecret } from '@bulwark/core';
import { parseLicenseKey, verifyLicenseKeySignature } from '@bulwark/license-verifier';
import type { ClientBase, Pool } from 'pg';
import { findLicenseByKeyHash } from '../db/queries.js';
import type { LicenseRow } from '../db/rows.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';

export type KeyResolution =
  | { ok: true; license: LicenseRow; key: string }
  | { ok: false; code: 'NOT_FOUND' | 'BAD_SIGNATURE'; detail: string };

/**
 * From a presented key to its license row: shape, then signature (no database work for forgeries),
 * then lookup by SHA-256 of the key. A well-signed key whose license was deleted is NOT_FOUND.
 */
export async function resolveLicenseKey(
  db: Pool | ClientBase,
  keys: SigningKeyStore,
  presented: unknown,
  options: { forUpdate?: boolean } = {},
): Promise<KeyResolution> {
  const key = typeof presented === 'string' ? presented.trim() : presented;
  const parsed = parseLicenseKey(key);
  if (!parsed || typeof key !== 'string') {
    return {
      ok: false,
      code: 'NOT_FOUND',
      detail: 'This is not a Bulwark license key (expected BWL1.<payload>.<signature>).',
    };
  }
  const kid = (parsed.claims as { kid?: unknown } | undefined)?.kid;
  const ring = await keys.keyRing(typeof kid === 'string' ? kid : undefined, db);
  const signed = verifyLicenseKeySignature(key, ring);
  if (!signed.valid) {
    return signed.code === 'MALFORMED'
      ? { ok: false, code: 'NOT_FOUND', detail: signed.detail }
      : { ok: false, code: 'BAD_SIGNATURE', detail: signed.detail };
  }
  const license = await findLicenseByKeyHash(db, hashSecret(key), options);
  if (!license || license.id !== signed.data.lid || license.tenant_id !== signed.data.tenant) {
    return { ok: false, code: 'NOT_FOUND', detail: 'No license exists for this key.' };
  }
  return { ok: true, license, key };
}
