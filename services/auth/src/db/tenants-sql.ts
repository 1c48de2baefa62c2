import type { Queryable } from '../infra/db-types.js';

export interface TenantRow {
  id: string;
  name: string;
  is_root: boolean;
  status: 'active' | 'suspended';
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, is_root, status, created_at, updated_at';

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

export async function insertTenant(db: Queryable, t: { id: string; name: string; is_root: boolean }) {
  const { rows } = await db.query<TenantRow>(
    `INSERT INTO tenants (id, name, is_root) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [t.id, t.name, t.is_root],
  );
  return rows[0];
}

export async function updateTenant(
  db: Queryable,
  id: string,
  patch: { name?: string | undefined; status?: TenantRow['status'] | undefined },
) {
  const { rows } = await db.query<TenantRow>(
    `UPDATE tenants SET name = COALESCE($2, name), status = COALESCE($3, status), updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.name ?? null, patch.status ?? null],
  );
  return rows[0];
}
