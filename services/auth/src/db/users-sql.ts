import type { Queryable } from '../infra/db-types.js';

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string | null;
  external_id: string | null;
  status: 'active' | 'disabled';
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant_id, email, name, external_id, status, created_at, updated_at';

export async function findTenantUser(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0];
}

export async function findUserByClaim(
  db: Queryable,
  tenantId: string,
  claim: 'sub' | 'email',
  value: string,
): Promise<UserRow | undefined> {
  const where = claim === 'email' ? 'lower(email) = lower($2)' : 'external_id = $2';
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND ${where}`, [
    tenantId,
    value,
  ]);
  return rows[0];
}

export async function listUsers(db: Queryable, tenantId: string, after: string | null, limit: number) {
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows;
}

export async function insertUser(
  db: Queryable,
  u: Pick<UserRow, 'id' | 'tenant_id' | 'email' | 'name' | 'external_id'>,
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, tenant_id, email, name, external_id) VALUES ($1,$2,$3,$4,$5) RETURNING ${COLUMNS}`,
    [u.id, u.tenant_id, u.email, u.name, u.external_id],
  );
  return rows[0] as UserRow;
}

export async function updateUser(
  db: Queryable,
  tenantId: string,
  id: string,
  patch: { email?: string | undefined; name?: string | undefined; status?: UserRow['status'] | undefined },
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET email = COALESCE($3, email), name = COALESCE($4, name), status = COALESCE($5, status),
       updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id, patch.email ?? null, patch.name ?? null, patch.status ?? null],
  );
  return rows[0];
}

export async function deleteUser(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await db.query('DELETE FROM users WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return (result.rowCount ?? 0) > 0;
}
