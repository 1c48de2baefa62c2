import type { Queryable } from '../infra/db-types.js';

export type EpochKind = 'agent' | 'user' | 'tenant';

export async function insertRevokedJti(
  db: Queryable,
  r: { jti: string; tenant_id: string; expires_at: Date; reason: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO revoked_tokens (jti, tenant_id, expires_at, reason) VALUES ($1,$2,$3,$4) ON CONFLICT (jti) DO NOTHING`,
    [r.jti, r.tenant_id, r.expires_at, r.reason],
  );
}

export async function upsertEpoch(
  db: Queryable,
  e: { kind: EpochKind; subject: string; tenant_id: string; not_before: number; reason: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO revocation_epochs (kind, subject, tenant_id, not_before, reason) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (kind, subject) DO UPDATE SET not_before = GREATEST(revocation_epochs.not_before, EXCLUDED.not_before),
       reason = EXCLUDED.reason, created_at = now()`,
    [e.kind, e.subject, e.tenant_id, e.not_before, e.reason],
  );
}

/**
 * One round trip answering "is this token revoked?": its jti, or an epoch for its agent, user or
 * tenant newer than its `iat`.
 */
export async function isTokenRevoked(
  db: Queryable,
  t: { jti: string; iat: number; agent: string | undefined; sub: string; tenant: string },
): Promise<boolean> {
  const { rows } = await db.query<{ revoked: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = $1)
         OR EXISTS (SELECT 1 FROM revocation_epochs
                     WHERE not_before > $2 AND ((kind = 'agent' AND subject = $3)
                        OR (kind = 'user' AND subject = $4) OR (kind = 'tenant' AND subject = $5))) AS revoked`,
    [t.jti, t.iat, t.agent ?? '', t.sub, t.tenant],
  );
  return rows[0]?.revoked ?? false;
}

export interface RevocationRow {
  kind: 'jti' | EpochKind;
  value: string;
  tenant_id: string;
  not_before: number | null;
  expires_at: Date | null;
  reason: string | null;
  created_at: Date;
}

export async function listRevocations(
  db: Queryable,
  tenantId: string,
  limit: number,
): Promise<RevocationRow[]> {
  const { rows } = await db.query<RevocationRow>(
    `(SELECT 'jti' AS kind, jti AS value, tenant_id, NULL::bigint AS not_before, expires_at, reason, revoked_at AS created_at
        FROM revoked_tokens WHERE tenant_id = $1 AND expires_at > now())
     UNION ALL
     (SELECT kind, subject, tenant_id, not_before, NULL, reason, created_at FROM revocation_epochs WHERE tenant_id = $1)
     ORDER BY created_at DESC LIMIT $2`,
    [tenantId, limit],
  );
  return rows.map((r) => ({ ...r, not_before: r.not_before === null ? null : Number(r.not_before) }));
}

export interface SnapshotEntry {
  kind: 'jti' | EpochKind;
  value: string;
  /** jti: the token's expiry (epoch s); epochs: not_before (epoch s). */
  at: number;
}

/** Everything still in force for one tenant: unexpired revoked jtis and every not_before epoch. */
export async function revocationSnapshot(db: Queryable, tenantId: string): Promise<SnapshotEntry[]> {
  const { rows } = await db.query<{ kind: 'jti' | EpochKind; value: string; at: string }>(
    `SELECT 'jti' AS kind, jti AS value, ceil(extract(epoch FROM expires_at))::bigint AS at
       FROM revoked_tokens WHERE tenant_id = $1 AND expires_at > now()
     UNION ALL
     SELECT kind, subject, not_before FROM revocation_epochs WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows.map((r) => ({ kind: r.kind, value: r.value, at: Number(r.at) }));
}
