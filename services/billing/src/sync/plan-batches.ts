import type { Pool } from 'pg';

export interface PlanOptions {
  /** Aggregation window, e.g. 3600 for hourly meter events. */
  windowSeconds: number;
  /** A window is sent only once it ended at least this long ago, so late events rarely need a delta. */
  graceSeconds: number;
  now: Date;
}

/** Stripe refuses meter events older than 35 days; we stop planning a day earlier to leave retry time. */
const MAX_AGE_SECONDS = 34 * 86_400;

/**
 * Freezes the not-yet-accounted usage of every closed (customer, meter, window) into a pending
 * `sync_batches` row, with its identifier, before anything is sent. Delta = ledger total − what earlier
 * batches of the window carry; a late event becomes a new batch with the next `seq`. The identifier
 * is a hash of (meter, customer, window start, seq): deterministic, so a resend after any crash
 * carries the same identifier, and Stripe's 24 h uniqueness turns it into a no-op.
 * Serialised by a transaction-level advisory lock, so two planners never race on `seq`.
 */
export async function planBatches(pool: Pool, options: PlanOptions): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('bulwark-billing-sync-plan'))`);
    const result = await client.query(
      `WITH bounds AS (
         SELECT date_bin(make_interval(secs => $1), $2::timestamptz - make_interval(secs => $3), 'epoch') AS cutoff,
                $2::timestamptz - make_interval(secs => $4) AS floor
       ),
       totals AS (
         SELECT u.customer_id, m.id AS meter_id,
                date_bin(make_interval(secs => $1), u.occurred_at, 'epoch') AS window_start,
                CASE WHEN m.aggregation = 'sum' THEN sum(u.units) ELSE count(*) END AS total
         FROM usage_events u
         JOIN meters m ON m.tenant_id = u.tenant_id AND m.stripe_meter_id IS NOT NULL
           AND EXISTS (
             SELECT 1 FROM unnest(m.action_patterns) AS p(pattern)
             WHERE u.action LIKE replace(replace(p.pattern, '_', '\\_'), '*', '%')
           ),
         bounds b
         WHERE u.customer_id IS NOT NULL AND u.occurred_at < b.cutoff AND u.occurred_at >= b.floor
         GROUP BY 1, 2, 3
       ),
       accounted AS (
         SELECT customer_id, meter_id, window_start, sum(value) AS sent, max(seq) AS last_seq
         FROM sync_batches GROUP BY 1, 2, 3
       ),
       deltas AS (
         SELECT t.customer_id, t.meter_id, t.window_start,
                COALESCE(a.last_seq, 0) + 1 AS seq,
                t.total - COALESCE(a.sent, 0) AS value
         FROM totals t
         LEFT JOIN accounted a USING (customer_id, meter_id, window_start)
         WHERE t.total > COALESCE(a.sent, 0)
       )
       INSERT INTO sync_batches (customer_id, meter_id, window_start, seq, value, identifier)
       SELECT d.customer_id, d.meter_id, d.window_start, d.seq, d.value,
              'bw_' || left(encode(sha256(convert_to(
                d.meter_id || ':' || d.customer_id || ':' || extract(epoch FROM d.window_start)::bigint || ':' || d.seq,
                'UTF8')), 'hex'), 40)
       FROM deltas d`,
      [options.windowSeconds, options.now.toISOString(), options.graceSeconds, MAX_AGE_SECONDS],
    );
    await client.query('COMMIT');
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
