import type { ClientBase, Pool } from 'pg';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Claims the oldest undispatched rows for this transaction. SKIP LOCKED lets several relays work
 * side by side: each sees only rows nobody else holds, so no row is claimed twice at once. Rows
 * whose topic no queue exists for are left alone rather than blocking the head of the line.
 */
export async function claimUndispatched(
  client: ClientBase,
  limit: number,
  topics: readonly string[],
): Promise<OutboxRow[]> {
  const result = await client.query<OutboxRow>(
    `SELECT id, topic, payload FROM outbox
      WHERE dispatched_at IS NULL AND topic = ANY($2::text[])
      ORDER BY created_at, id
      LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit, topics],
  );
  return result.rows;
}

export async function markDispatched(client: ClientBase, ids: readonly string[]): Promise<void> {
  await client.query('UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [ids]);
}

/** Outside the rolled-back transaction, so the failure stays visible to operators. */
export async function recordFailure(pool: Pool, ids: readonly string[], error: string): Promise<void> {
  await pool.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])', [
    ids,
    error.slice(0, 2000),
  ]);
}

/** Undispatched rows, including those another relay holds right now. */
export async function countUndispatched(pool: Pool, topics: readonly string[]): Promise<number> {
  const result = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL AND topic = ANY($1::text[])',
    [topics],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Deletes at most `limit` dispatched rows older than the retention; returns how many went. */
export async function pruneDispatched(pool: Pool, retentionMs: number, limit: number): Promise<number> {
  const result = await pool.query(
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox
        WHERE dispatched_at IS NOT NULL AND dispatched_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY dispatched_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED)`,
    [retentionMs, limit],
  );
  return result.rowCount ?? 0;
}
