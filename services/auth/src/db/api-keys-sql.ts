import type { Queryable } from '../infra/db-types.js';

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  key_hint: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant_id, name, key_hint, scopes, created_at, expires_at, revoked_at';

export async function findApiKeyByHash(db: Queryable, hash: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1`, [hash]);
  return rows[0];
}

export async function findTenantApiKey(db: Queryable, tenantId: string, id: string) {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return rows[0];
}

export async function listApiKeys(db: Queryable, tenantId: string, after: string | null, limit: number) {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows;
}

export async function insertApiKey(
  db: Queryable,
  k: {
    id: string;
    tenant_id: string;
    name: string;
    key_hash: string;
    key_hint: string;
    scopes: string[];
    expires_at: Date | null;
  },
): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, tenant_id, name, key_hash, key_hint, scopes, expires_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (key_hash) DO NOTHING RETURNING ${COLUMNS}`,
    [k.id, k.tenant_id, k.name, k.key_hash, k.key_hint, k.scopes, k.expires_at],
  );
  return rows[0];
}

export async function revokeApiKey(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id],
  );
  return rows[0];
}
