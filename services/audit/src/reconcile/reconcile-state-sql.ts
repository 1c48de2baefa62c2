import type { Pool } from 'pg';
import type { Watermark } from './outbox-scan-sql.js';

export type SourceOutcome = 'ok' | 'skipped' | 'failed';

export interface SourceCounts {
  /** Dispatched audit EVENTS compared with the store: one per payload row, one per element of a batch row. */
  scanned: number;
  /** Of those, events the store did not hold. */
  missing: number;
  /** Missing events put back on the `audit` queue. */
  reenqueued: number;
  /**
   * Missing events not re-enqueued: the payload fails the schema/registry, a batch element has no uuid
   * `id`, or the row was pruned meanwhile.
   */
  invalid: number;
}

export interface SourceStatusRow extends SourceCounts {
  source: string;
  status: 'pending' | SourceOutcome;
  detail: string | null;
  last_run_at: string | null;
  watermark_at: string | null;
  total_reenqueued: number;
  rescan_requested_at: string | null;
}

/** Makes sure every configured source has a state row (so it shows in the status before its first run). */
export async function ensureSourceRows(store: Pool, keys: readonly string[]): Promise<void> {
  await store.query(
    'INSERT INTO reconcile_sources (source) SELECT unnest($1::text[]) ON CONFLICT (source) DO NOTHING',
    [keys],
  );
}

export async function readWatermark(store: Pool, key: string): Promise<Watermark | undefined> {
  const result = await store.query<{ at: string | null; id: string | null }>(
    'SELECT watermark_at::text AS at, watermark_id::text AS id FROM reconcile_sources WHERE source = $1',
    [key],
  );
  const row = result.rows[0];
  return row?.at && row.id ? { at: row.at, id: row.id } : undefined;
}

/** Saved after each page, so a crash mid-run keeps the progress made. */
export async function saveWatermark(store: Pool, key: string, watermark: Watermark): Promise<void> {
  await store.query(
    'UPDATE reconcile_sources SET watermark_at = $2::timestamptz, watermark_id = $3::uuid WHERE source = $1',
    [key, watermark.at, watermark.id],
  );
}

export async function recordOutcome(
  store: Pool,
  key: string,
  outcome: SourceOutcome,
  counts: SourceCounts,
  detail: string | null,
): Promise<void> {
  await store.query(
    `UPDATE reconcile_sources
        SET status = $2, detail = $3, last_run_at = now(),
            last_scanned = $4::int, last_missing = $5::int, last_reenqueued = $6::int, last_invalid = $7::int,
            total_reenqueued = total_reenqueued + $6::int
      WHERE source = $1`,
    [key, outcome, detail, counts.scanned, counts.missing, counts.reenqueued, counts.invalid],
  );
}

/** After a Redis loss: every source is compared again from the start of the window. */
export async function requestRescan(store: Pool): Promise<void> {
  await store.query(
    'UPDATE reconcile_sources SET watermark_at = NULL, watermark_id = NULL, rescan_requested_at = now()',
  );
}

export async function readSourceStatus(store: Pool): Promise<SourceStatusRow[]> {
  const result = await store.query<SourceStatusRow>(
    `SELECT source, status, detail,
            to_char(last_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_run_at,
            to_char(watermark_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS watermark_at,
            to_char(rescan_requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS rescan_requested_at,
            last_scanned AS scanned, last_missing AS missing, last_reenqueued AS reenqueued,
            last_invalid AS invalid, total_reenqueued::float8 AS total_reenqueued
       FROM reconcile_sources ORDER BY source`,
  );
  return result.rows;
}
