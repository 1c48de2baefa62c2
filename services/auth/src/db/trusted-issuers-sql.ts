import type { Queryable } from '../infra/db-types.js';

export interface TrustedIssuerRow {
  id: string;
  tenant_id: string;
  issuer: string;
  jwks_uri: string;
  audience: string;
  subject_claim: 'sub' | 'email';
  created_at: Date;
}

const COLUMNS = 'id, tenant_id, issuer, jwks_uri, audience, subject_claim, created_at';

export async function findTrustedIssuer(db: Queryable, tenantId: string, issuer: string) {
  const { rows } = await db.query<TrustedIssuerRow>(
    `SELECT ${COLUMNS} FROM trusted_issuers WHERE tenant_id = $1 AND issuer = $2`,
    [tenantId, issuer],
  );
  return rows[0];
}

export async function listTrustedIssuers(
  db: Queryable,
  tenantId: string,
  after: string | null,
  limit: number,
) {
  const { rows } = await db.query<TrustedIssuerRow>(
    `SELECT ${COLUMNS} FROM trusted_issuers WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows;
}

export async function insertTrustedIssuer(db: Queryable, t: Omit<TrustedIssuerRow, 'created_at'>) {
  const { rows } = await db.query<TrustedIssuerRow>(
    `INSERT INTO trusted_issuers (id, tenant_id, issuer, jwks_uri, audience, subject_claim) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (tenant_id, issuer) DO NOTHING RETURNING ${COLUMNS}`,
    [t.id, t.tenant_id, t.issuer, t.jwks_uri, t.audience, t.subject_claim],
  );
  return rows[0];
}

export async function deleteTrustedIssuer(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM trusted_issuers WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
  ]);
  return (result.rowCount ?? 0) > 0;
}
