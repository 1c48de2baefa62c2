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
