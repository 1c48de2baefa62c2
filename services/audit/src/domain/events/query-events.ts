import { NotFoundError } from '@bulwark/core';
import type { Pool } from 'pg';
import { type Cursor, decodeCursor, encodeCursor } from './cursor.js';
import { type EventFilter, whereFor } from './event-filter.js';
import { STORED_COLUMNS, type StoredAuditEvent, type StoredRow, toStoredEvent } from './stored-event.js';

export interface QueryInput extends EventFilter {
  cursor?: string | undefined;
  limit?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface QueryPage {
  data: StoredAuditEvent[];
  next_cursor: string | null;
}

/**
 * One page of a tenant's events. Keyset pagination on (occurred_at, id): a page never repeats or
 * skips a row that existed when the walk began, whatever is inserted meanwhile (new rows land on
 * the side of the keyset the walk has not reached, or are simply seen later).
 */
export async function queryEvents(pool: Pool, tenantId: string, input: QueryInput): Promise<QueryPage> {
  const limit = input.limit ?? 100;
  const order = input.order ?? 'desc';
  const where = whereFor(tenantId, input);
  const params = [...where.params];
  let keyset = '';
  if (input.cursor) {
    const cursor: Cursor = decodeCursor(input.cursor);
    params.push(cursor.at, cursor.id);
    const op = order === 'desc' ? '<' : '>';
    keyset = ` AND (occurred_at, id) ${op} ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(limit + 1);
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  const rows = await pool.query<StoredRow>(
    `SELECT ${STORED_COLUMNS} FROM audit_events WHERE ${where.sql}${keyset}
     ORDER BY occurred_at ${direction}, id ${direction} LIMIT $${params.length}`,
    params,
  );
  const page = rows.rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toStoredEvent),
    next_cursor:
      rows.rows.length > limit && last ? encodeCursor({ at: last.at_text, id: last.event.id }) : null,
  };
}

/** One event of the caller's tenant; another tenant's id answers exactly like a missing one. */
export async function getEvent(pool: Pool, tenantId: string, id: string): Promise<StoredAuditEvent> {
  const rows = await pool.query<StoredRow>(
    `SELECT ${STORED_COLUMNS} FROM audit_events e
     WHERE e.tenant_id = $1 AND e.id = $2::uuid
       AND e.occurred_at = (SELECT occurred_at FROM audit_event_ids WHERE id = $2::uuid AND tenant_id = $1)`,
    [tenantId, id],
  );
  const row = rows.rows[0];
  if (!row) throw new NotFoundError('Audit event', id);
  return toStoredEvent(row);
}
