import type { AuditEvent } from '@bulwark/core';
import { isValidAuditPayload } from '@bulwark/queue';
import type { Pool } from 'pg';
import { absentFromStore } from './store-presence-sql.js';
import { dispatchedPage, outboxPayloads } from './outbox-scan-sql.js';
import { readWatermark, type SourceCounts, saveWatermark } from './reconcile-state-sql.js';

export interface SourcePassOptions {
  graceMs: number;
  windowMs: number;
  /** Rows compared per round trip (one page of ids, one `= ANY` probe of the store). */
  pageSize: number;
  /** At most this many rows per source and run; the rest waits for the next run. */
  maxRows: number;
  /** Rows dispatched at or after this (ISO time) are left for a later run; null = no bound. */
  dispatchedBefore: string | null;
}

export interface SourcePassResult extends SourceCounts {
  /** Ids of missing rows that could not be re-enqueued (first 20), for the log. */
  invalidIds: string[];
}

/** Puts events back on the `audit` queue (jobId = event id). */
export type Requeue = (events: readonly AuditEvent[]) => Promise<void>;

/**
 * One source's pass: pages through its dispatched rows from the saved watermark, asks the store
 * which ids it lacks, re-enqueues those, and saves the watermark after each page — only once the
 * page's missing rows are on the queue, so a failed enqueue leaves the page to the next run.
 */
export async function reconcileSource(
  store: Pool,
  source: Pool,
  key: string,
  requeue: Requeue,
  options: SourcePassOptions,
): Promise<SourcePassResult> {
  const result: SourcePassResult = { scanned: 0, missing: 0, reenqueued: 0, invalid: 0, invalidIds: [] };
  let watermark = await readWatermark(store, key);
  while (result.scanned < options.maxRows) {
    const limit = Math.min(options.pageSize, options.maxRows - result.scanned);
    const page = await dispatchedPage(source, { ...options, after: watermark, limit });
    if (page.length === 0) break;
    const absent = await absentFromStore(
      store,
      page.map((row) => row.id),
    );
    if (absent.size > 0) {
      const rows = await outboxPayloads(source, [...absent]);
      const events = rows
        .filter((row) => isValidAuditPayload(row.payload))
        .map((row) => row.payload as AuditEvent);
      const requeued = new Set(events.map((event) => event.id.toLowerCase()));
      for (const id of absent) {
        if (requeued.has(id)) continue;
        result.invalid += 1;
        if (result.invalidIds.length < 20) result.invalidIds.push(id);
      }
      await requeue(events);
      result.missing += absent.size;
      result.reenqueued += events.length;
    }
    result.scanned += page.length;
    watermark = page[page.length - 1];
    if (watermark) await saveWatermark(store, key, watermark);
    if (page.length < limit) break;
  }
  return result;
}
