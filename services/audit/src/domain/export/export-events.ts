import type { Pool } from 'pg';
import { type EventFilter, whereFor } from '../events/event-filter.js';
import { STORED_COLUMNS, type StoredRow, toStoredEvent } from '../events/stored-event.js';
import { csvHeader, csvRow } from './csv.js';
import { toOcsf } from './ocsf.js';

export type ExportFormat = 'ndjson' | 'csv' | 'ocsf';

export interface ExportStream {
  /** Exact number of rows the stream will carry (counted in the same snapshot). */
  total: number;
  lines: AsyncGenerator<string>;
}

const FETCH = 1000;

/**
 * Streams every event matching the filter, oldest first, without holding them in memory: one
 * REPEATABLE READ READ ONLY transaction gives the count and a server-side cursor over the same
 * snapshot, so `total` is exact and rows inserted during the export neither appear nor shift it.
 * The connection is released when the stream ends, fails or is abandoned by the client.
 */
export async function exportEvents(
  pool: Pool,
  tenantId: string,
  filter: EventFilter,
  format: ExportFormat,
): Promise<ExportStream> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const where = whereFor(tenantId, filter);
    const count = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE ${where.sql}`,
      where.params,
    );
    await client.query(
      `DECLARE audit_export NO SCROLL CURSOR FOR SELECT ${STORED_COLUMNS} FROM audit_events WHERE ${where.sql} ORDER BY occurred_at, id`,
      where.params,
    );
    const total = Number(count.rows[0]?.n ?? 0);
    async function* lines(): AsyncGenerator<string> {
      let released = false;
      try {
        if (format === 'csv') yield csvHeader();
        for (;;) {
          const batch = await client.query<StoredRow>(`FETCH ${FETCH} FROM audit_export`);
          if (batch.rows.length === 0) break;
          let chunk = '';
          for (const row of batch.rows) {
            const event = toStoredEvent(row);
            if (format === 'csv') chunk += csvRow(event);
            else chunk += `${JSON.stringify(format === 'ocsf' ? toOcsf(event) : event)}\n`;
          }
          yield chunk;
        }
        await client.query('COMMIT');
        client.release();
        released = true;
      } finally {
        if (!released) {
          await client.query('ROLLBACK').catch(() => undefined);
          client.release();
        }
      }
    }
    return { total, lines: lines() };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    throw error;
  }
}
