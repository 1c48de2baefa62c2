import type { ClientBase, Pool } from 'pg';

/**
 * A claimed row: one event (`payload`) or a batch row (`batch`, its JSON array text, unparsed, and
 * `batch_items`, its event count; null on rows written before migration 0004).
 */
export type OutboxRow =
  | { id: string; topic: string; payload: Record<string, unknown>; batch: null; batch_items: null }
  | { id: string; topic: string; payload: null; batch: string; batch_items: number | null };

/**
 * Claims the oldest undispatched rows for this transaction and marks them `dispatched_at = now()` in
 * the same statement; the mark becomes visible only when the caller commits, after the enqueue (a
 * rollback leaves them undispatched). SKIP LOCKED lets several relays work side by side: each sees
 * only rows nobody else holds, so no row is claimed twice at once. Rows whose topic no queue exists
 * for are left alone rather than blocking the head of the line. One statement instead of a
 * `SELECT … FOR UPDATE` and a later `UPDATE … WHERE id = ANY(…)`: measured, it halved the
 * Postgres CPU per relayed row (bench/auth/README.md). Rows come back in (created_at, id) order, so a
 * re-claimed batch builds the same envelopes. A batch row's array comes back as text (`::text`: the
 * driver would JSON.parse a `json` column), for the relay to forward as it is, with its event count
 * (`batch_items`), by which the relay packs consecutive batch rows into envelopes.
 */
export async function claimForDispatch(
  client: ClientBase,
  limit: number,
  topics: readonly string[],
): Promise<OutboxRow[]> {
  const result = await client.query<OutboxRow>({
    name: 'bulwark_outbox_claim_v5',
    // MATERIALIZED: the locking LIMIT runs exactly once (a re-scanned SKIP LOCKED subquery could pick other rows).
    text: `WITH picked AS MATERIALIZED (
             SELECT id FROM outbox
              WHERE dispatched_at IS NULL AND topic = ANY($2::text[])
              ORDER BY created_at, id
              LIMIT $1
              FOR UPDATE SKIP LOCKED),
           claimed AS (
             UPDATE outbox SET dispatched_at = now() FROM picked WHERE outbox.id = picked.id
             RETURNING outbox.id, outbox.topic, outbox.payload, outbox.batch::text AS batch,
                       outbox.batch_items, outbox.created_at)
           SELECT id, topic, payload, batch, batch_items FROM claimed ORDER BY created_at, id`,
    values: [limit, topics],
  });
  return result.rows;
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

/**
 * Postgres's own clock (not Node's), so it compares exactly with `dispatched_at = now()`; as a fixed
 * UTC text (`2026-11-29T13:54:14.607890Z`) so that cut-offs from different sessions and processes
 * also compare correctly as strings, whatever each session's DateStyle and TimeZone.
 */
export async function databaseNow(db: Pick<Pool, 'query'>): Promise<string> {
  const result = await db.query<{ t: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
  );
  return result.rows[0]?.t ?? new Date().toISOString().replace('Z', '000Z');
}

/**
 * Marks at most `limit` rows dispatched in `[now() - windowMs, before)` undispatched again, so the
 * relay loop re-enqueues them (jobId = event id, consumers dedupe). `before` keeps rows dispatched
 * after the loss was detected (already in the new Redis) out of it. SKIP LOCKED: a row another
 * relay holds right now is being handled by it.
 */
export async function undispatchRecent(
  pool: Pool,
  options: { windowMs: number; before: string; topics: readonly string[]; limit: number },
): Promise<number> {
  const result = await pool.query(
    `UPDATE outbox SET dispatched_at = NULL WHERE id IN (
       SELECT id FROM outbox
        WHERE dispatched_at IS NOT NULL
          AND dispatched_at >= now() - make_interval(secs => $1::double precision / 1000)
          AND dispatched_at < $2::timestamptz
          AND topic = ANY($3::text[])
        LIMIT $4
        FOR UPDATE SKIP LOCKED)`,
    [options.windowMs, options.before, options.topics, options.limit],
  );
  return result.rowCount ?? 0;
}
