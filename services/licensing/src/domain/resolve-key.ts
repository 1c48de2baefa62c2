import type { ClientBase, Pool } from 'pg';
import { findLicenseByKeyHash } from '../db/queries.js';
import type { LicenseRow } from '../db/rows.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import { checkKeySignature } from './check-key-signature.js';
import type { VerifiedKeyCache } from './verified-key-cache.js';

export type KeyResolution =
  | { ok: true; license: LicenseRow; key: string }
  | { ok: false; code: 'NOT_FOUND' | 'BAD_SIGNATURE'; detail: string };

/**
 * From a presented key to its license row (for writes: activation, heartbeat, checkout): signature
 * check, then lookup by SHA-256 of the key. A well-signed key whose license was deleted is NOT_FOUND.
 */
export async function resolveLicenseKey(
  db: Pool | ClientBase,
  deps: { keys: SigningKeyStore; verifiedKeys: VerifiedKeyCache },
  presented: unknown,
  options: { forUpdate?: boolean } = {},
): Promise<KeyResolution> {
  const signed = await checkKeySignature(deps.keys, deps.verifiedKeys, presented, db);
  if (!signed.ok) return signed;
  const license = await findLicenseByKeyHash(db, signed.keyHash, options);
  if (!license || license.id !== signed.claims.lid || license.tenant_id !== signed.claims.tenant) {
    return { ok: false, code: 'NOT_FOUND', detail: 'No license exists for this key.' };
  }
  return { ok: true, license, key: signed.key };
}
