import type { Queryable } from '../infra/db-types.js';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  tenant_id: string;
  delegation_id: string | null;
  agent_id: string;
  subject: string;
  scopes: string[];
  audiences: string[];
  act: unknown;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export async function insertRefreshToken(
  db: Queryable,
  r: Omit<RefreshTokenRow, 'rotated_at' | 'revoked_at'> & { token_hash: string },
): Promise<void> {
  await db.query(
    `INSERT INTO refresh_tokens (id, family_id, token_hash, tenant_id, delegation_id, agent_id, subject, scopes, audiences, act, expires_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      r.id,
      r.family_id,
      r.token_hash,
      r.tenant_id,
      r.delegation_id,
      r.agent_id,
      r.subject,
      r.scopes,
      r.audiences,
      r.act === undefined ? null : JSON.stringify(r.act),
      r.expires_at,
    ],
  );
}

/** Locks the row so two concurrent refreshes of one token cannot both rotate it. */
export async function findRefreshTokenForUpdate(
  db: Queryable,
  hash: string,
): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    `SELECT id, family_id, tenant_id, delegation_id, agent_id, subject, scopes, audiences, act, expires_at, rotated_at, revoked_at
     FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hash],
  );
  return rows[0];
}

export async function markRotated(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1', [id]);
}

export async function revokeFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE family_id = $1', [
    familyId,
  ]);
}

export async function revokeRefreshTokenByHash(
  db: Queryable,
  hash: string,
): Promise<{ family_id: string } | undefined> {
  const { rows } = await db.query<{ family_id: string }>(
    'UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE token_hash = $1 RETURNING family_id',
    [hash],
  );
  return rows[0];
}
