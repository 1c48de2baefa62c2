import type { AuditEvent } from '@bulwark/core';
import { isValidAuditPayload } from '@bulwark/queue';
import type { Pool } from 'pg';
import { absentFromStore } from './store-presence-sql.js';
import { dispatchedPage, outboxEventPayloads } from './outbox-scan-sql.js';
import { type EventChunk, pageEvents } from './page-events.js';
import { readWatermark, type SourceCounts, saveWatermark } from './reconcile-state-sql.js';

export interface SourcePassOptions {
  graceMs: number;
  windowMs: number;
  /** Rows per page; also the most event ids in one `= ANY` probe of the store (page-events.ts). */
  pageSize: number;
  /**
   * At most this many ROWS per source and run (a batch row counts once, however many events it
   * holds: the bound is on the outbox scan); the rest waits for the next run.
   */
  maxRows: number;
  /** Rows dispatched at or after this (ISO time) are left for a later run; null = no bound. */
  dispatchedBefore: string | null;
}

export interface SourcePassResult extends SourceCounts {
  /** Ids of missing events that could not be re-enqueued (first 20), for the log. */
  invalidIds: string[];
}

/** Puts events back on the `audit` queue (jobId = event id). */
export type Requeue = (events: readonly AuditEvent[]) => Promise<void>;

function countInvalid(result: SourcePassResult, id: string): void {
  result.invalid += 1;
  if (result.invalidIds.length < 20) result.invalidIds.push(id);
}

/** One chunk of a page: probe the store, read the absent events' payloads, re-enqueue the valid ones. */
async function reconcileChunk(
  store: Pool,
  source: Pool,
  chunk: EventChunk,
  requeue: Requeue,
  result: SourcePassResult,
): Promise<void> {
  const absent = await absentFromStore(store, chunk.eventIds);
  if (absent.size === 0) return;
  const found = await outboxEventPayloads(source, chunk.rowIds, [...absent]);
  // Keyed by lowercase id: an event written twice in the chunk's rows is re-enqueued once.
  const events = new Map<string, AuditEvent>();
  for (const row of found) {
    if (!isValidAuditPayload(row.payload)) continue;
    const event = row.payload as AuditEvent;
    const id = event.id.toLowerCase();
    if (absent.has(id) && !events.has(id)) events.set(id, event);
  }
  for (const id of absent) if (!events.has(id)) countInvalid(result, id);
  await requeue([...events.values()]);
  result.missing += absent.size;
  result.reenqueued += events.size;
}

/**
 * One source's pass: pages through its dispatched rows from the saved watermark, asks the store
 * which of their events it lacks, re-enqueues those, and saves the watermark after each page — only
 * once the page's missing events are on the queue, so a failed enqueue leaves the page to the next run.
 * Counts (`scanned`, `missing`, …) are in EVENTS, one per payload row and one per batch element;
 * `maxRows` alone counts rows.
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
  let rows = 0;
  while (rows < options.maxRows) {
    const limit = Math.min(options.pageSize, options.maxRows - rows);
    const page = await dispatchedPage(source, { ...options, after: watermark, limit });
    const last = page[page.length - 1];
    if (!last) break;
    const events = pageEvents(page, options.pageSize);
    for (const chunk of events.chunks) await reconcileChunk(store, source, chunk, requeue, result);
    // Elements without a usable id cannot be in the store: missing, and never re-enqueueable.
    for (const label of events.unidentified) countInvalid(result, label);
    result.missing += events.unidentified.length;
    result.scanned += events.count;
    rows += page.length;
    watermark = { at: last.at, id: last.id };
    await saveWatermark(store, key, watermark);
    if (page.length < limit) break;
  }
  return result;
}
