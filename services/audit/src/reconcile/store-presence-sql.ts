import type { Pool } from 'pg';

/**
 * Which of `ids` the store does not hold. One statement per chunk of a page (at most `pageSize` ids,
 * page-events.ts): the id registry's primary key answers each probe (`audit_event_ids` holds every
 * stored id, whatever its month's partition).
 */
export async function absentFromStore(store: Pool, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await store.query<{ id: string }>(
    `SELECT wanted::text AS id FROM unnest($1::uuid[]) AS wanted
      WHERE NOT EXISTS (SELECT 1 FROM audit_event_ids e WHERE e.id = wanted)`,
    [ids],
  );
  return new Set(result.rows.map((row) => row.id));
}
