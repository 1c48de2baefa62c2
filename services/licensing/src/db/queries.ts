import type { ClientBase, Pool } from 'pg';
import type { LicenseRow, MachineRow, PolicyRow, ProductRow } from './rows.js';

type Db = ClientBase | Pool;

/** Tenant-scoped finders: a row of another tenant is simply not found (→ 404). */
export async function findProduct(db: Db, tenantId: string, id: string): Promise<ProductRow | undefined> {
  const { rows } = await db.query<ProductRow>('SELECT * FROM products WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
  ]);
  return rows[0];
}

export async function findPolicy(db: Db, tenantId: string, id: string): Promise<PolicyRow | undefined> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM policies WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
  ]);
  return rows[0];
}

export async function findLicense(
  db: Db,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<LicenseRow | undefined> {
  const { rows } = await db.query<LicenseRow>(
    `SELECT * FROM licenses WHERE tenant_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0];
}

/** By key hash, across tenants: the signed key itself names its tenant, and we check it matches. */
export async function findLicenseByKeyHash(
  db: Db,
  keyHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<LicenseRow | undefined> {
  const { rows } = await db.query<LicenseRow>(
    `SELECT * FROM licenses WHERE key_hash = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [keyHash],
  );
  return rows[0];
}

export async function policyById(db: Db, id: string): Promise<PolicyRow> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM policies WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) throw new Error(`policy ${id} vanished`);
  return row;
}

export async function machinesOf(db: Db, licenseId: string): Promise<MachineRow[]> {
  const { rows } = await db.query<MachineRow>('SELECT * FROM machines WHERE license_id = $1 ORDER BY id', [
    licenseId,
  ]);
  return rows;
}

export async function registerEntitlements(
  db: Db,
  tenantId: string,
  codes: readonly string[],
): Promise<void> {
  if (codes.length === 0) return;
  await db.query(
    `INSERT INTO entitlements (tenant_id, code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [tenantId, codes],
  );
}
