import type { JWK } from 'jose';
import type { Queryable } from '../infra/db-types.js';

export type SigningKeyStatus = 'pending' | 'active' | 'retiring' | 'retired';
export type SigningAlg = 'ES256' | 'EdDSA' | 'RS256';

export interface SigningKeyRow {
  kid: string;
  alg: SigningAlg;
  public_jwk: JWK;
  private_key_enc: string;
  status: SigningKeyStatus;
  not_before: Date;
  activated_at: Date | null;
  retiring_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'kid, alg, public_jwk, private_key_enc, status, not_before, activated_at, retiring_at, expires_at, created_at';

export async function listSigningKeys(db: Queryable, includeRetired = true): Promise<SigningKeyRow[]> {
  const { rows } = await db.query<SigningKeyRow>(
    `SELECT ${COLUMNS} FROM signing_keys ${includeRetired ? '' : "WHERE status <> 'retired'"} ORDER BY created_at DESC, kid DESC`,
  );
  return rows;
}

export async function insertSigningKey(
  db: Queryable,
  key: Pick<SigningKeyRow, 'kid' | 'alg' | 'public_jwk' | 'private_key_enc' | 'status' | 'not_before'> & {
    activated_at: Date | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO signing_keys (kid, alg, public_jwk, private_key_enc, status, not_before, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      key.kid,
      key.alg,
      JSON.stringify(key.public_jwk),
      key.private_key_enc,
      key.status,
      key.not_before,
      key.activated_at,
    ],
  );
}

export async function setKeyStatus(
  db: Queryable,
  kid: string,
  status: SigningKeyStatus,
  at: Date,
  expiresAt: Date | null = null,
): Promise<void> {
  await db.query(
    `UPDATE signing_keys SET status = $2,
       activated_at = CASE WHEN $2 = 'active' THEN $3 ELSE activated_at END,
       retiring_at = CASE WHEN $2 = 'retiring' THEN $3 ELSE retiring_at END,
       expires_at = COALESCE($4, expires_at)
     WHERE kid = $1`,
    [kid, status, at, expiresAt],
  );
}

/** Serialises key maintenance across replicas for the rest of the transaction. */
export async function lockKeyMaintenance(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('bulwark_auth:signing_keys'))");
}
