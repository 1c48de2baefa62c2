import { isUuid } from '@bulwark/core';
import type { DispatchedRow } from './outbox-scan-sql.js';

/** Events of a page probed and re-enqueued together: at most `chunkSize` ids, and the rows holding them. */
export interface EventChunk {
  rowIds: string[];
  /** Lowercase, as the store's probe returns them; each id once per page. */
  eventIds: string[];
}

export interface PageEvents {
  /** Every event position of the page's rows, repeats included (the `scanned` count). */
  count: number;
  chunks: EventChunk[];
  /**
   * Batch elements without a uuid `id` (`row <id> item <n>`, never the value: logs carry no payload
   * data). The store cannot hold them, and they cannot be probed or re-enqueued.
   */
  unidentified: string[];
}

/**
 * Splits a page's events into chunks of at most `chunkSize` ids. A page holds up to `pageSize` rows,
 * but a batch row carries up to 250 events: chunking keeps every store probe, payload read and
 * re-enqueue bounded by `pageSize` events, however many batch rows the page has.
 */
export function pageEvents(page: readonly DispatchedRow[], chunkSize: number): PageEvents {
  const result: PageEvents = { count: 0, chunks: [], unidentified: [] };
  const seen = new Set<string>();
  let chunk: EventChunk = { rowIds: [], eventIds: [] };
  for (const row of page) {
    row.eventIds.forEach((raw, index) => {
      result.count += 1;
      if (raw === null || !isUuid(raw)) {
        result.unidentified.push(`row ${row.id} item ${index}`);
        return;
      }
      const id = raw.toLowerCase();
      if (seen.has(id)) return;
      seen.add(id);
      if (chunk.eventIds.length === chunkSize) {
        result.chunks.push(chunk);
        chunk = { rowIds: [], eventIds: [] };
      }
      chunk.eventIds.push(id);
      if (chunk.rowIds[chunk.rowIds.length - 1] !== row.id) chunk.rowIds.push(row.id);
    });
  }
  if (chunk.eventIds.length > 0) result.chunks.push(chunk);
  return result;
}
