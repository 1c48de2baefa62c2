import type { Pool } from 'pg';

export async function storedCount(pool: Pool): Promise<number> {
  const result = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
  return result.rows[0]?.n ?? 0;
}

/** Rows whose id appears more than once (must always be 0). */
export async function duplicateRows(pool: Pool): Promise<number> {
  const result = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT id FROM audit_events GROUP BY id HAVING count(*) > 1) d',
  );
  return result.rows[0]?.n ?? 0;
}

/** Ids of the stored events of `tenants`, one entry per row (a duplicate would appear twice). */
export async function storedIdsOf(pool: Pool, tenants: readonly string[]): Promise<string[]> {
  const result = await pool.query<{ id: string }>(
    'SELECT id::text AS id FROM audit_events WHERE tenant_id = ANY($1::text[])',
    [tenants],
  );
  return result.rows.map((row) => row.id);
}
