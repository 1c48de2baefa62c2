import type { Queryable } from '../infra/db-types.js';

export interface TenantRow {
  id: string;
  name: string;
  is_root: boolean;
  status: 'active' | 'suspended';
  /** Ceiling on the lifetime of every token issued in the tenant (s); null: no tenant cap. */
  max_token_ttl: number | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, is_root, status, max_token_ttl, created_at, updated_at';

export async function findTenant(db: Queryable, id: string): Promise<TenantRow | undefined> {
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
  return rows[0];
}

export async function findRootTenant(db: Queryable): Promise<TenantRow | undefined> {
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE is_root`);
  return rows[0];
}

export async function listTenants(db: Queryable, after: string | null, limit: number): Promise<TenantRow[]> {
  const { rows } = await db.query<TenantRow>(
    `SELECT ${COLUMNS} FROM tenants WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows;
}

export async function insertTenant(
  db: Queryable,
  t: { id: string; name: string; is_root: boolean; max_token_ttl?: number | null | undefined },
) {
  const { rows } = await db.query<TenantRow>(
    `INSERT INTO tenants (id, name, is_root, max_token_ttl) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [t.id, t.name, t.is_root, t.max_token_ttl ?? null],
  );
  return rows[0];
}

export async function updateTenant(
  db: Queryable,
  id: string,
  patch: {
    name?: string | undefined;
    status?: TenantRow['status'] | undefined;
    /** undefined: unchanged; null: remove the tenant cap. */
    max_token_ttl?: number | null | undefined;
  },
) {
  const { rows } = await db.query<TenantRow>(
    `UPDATE tenants SET name = COALESCE($2, name), status = COALESCE($3, status),
       max_token_ttl = CASE WHEN $4 THEN $5::integer ELSE max_token_ttl END, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      patch.name ?? null,
      patch.status ?? null,
      patch.max_token_ttl !== undefined,
      patch.max_token_ttl ?? null,
    ],
  );
  return rows[0];
}
