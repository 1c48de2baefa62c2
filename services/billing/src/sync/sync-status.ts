import type { Pool } from 'pg';

export interface SyncStatus {
  pending_batches: number;
  failed_batches: number;
  delivered_batches: number;
  /** Seconds since the start of the oldest window whose usage is frozen but not yet confirmed by Stripe. */
  lag_seconds: number;
  oldest_pending_window: string | null;
  last_delivered_at: string | null;
  last_error: string | null;
}

/** How far Stripe is behind the ledger. */
export async function syncStatus(pool: Pool, tenantId: string | null): Promise<SyncStatus> {
  const { rows } = await pool.query(
    `SELECT
       count(*) FILTER (WHERE b.status = 'pending') AS pending,
       count(*) FILTER (WHERE b.status = 'failed') AS failed,
       count(*) FILTER (WHERE b.status = 'delivered') AS delivered,
       min(b.window_start) FILTER (WHERE b.status = 'pending') AS oldest_pending,
       max(b.delivered_at) AS last_delivered,
       (array_agg(b.last_error ORDER BY b.created_at DESC) FILTER (WHERE b.last_error IS NOT NULL))[1] AS last_error
     FROM sync_batches b JOIN customers c ON c.id = b.customer_id
     WHERE $1::text IS NULL OR c.tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0] ?? {};
  return {
    pending_batches: Number(row.pending ?? 0),
    failed_batches: Number(row.failed ?? 0),
    delivered_batches: Number(row.delivered ?? 0),
    lag_seconds: row.oldest_pending
      ? Math.max(0, Math.round((Date.now() - new Date(row.oldest_pending).getTime()) / 1000))
      : 0,
    oldest_pending_window: row.oldest_pending ? new Date(row.oldest_pending).toISOString() : null,
    last_delivered_at: row.last_delivered ? new Date(row.last_delivered).toISOString() : null,
    last_error: row.last_error ?? null,
  };
}
