import { NotFoundError, ValidationError } from '@bulwark/core';
import type { Pool } from 'pg';
import { selectSink, selectSinkPage } from '../../db/sinks-sql.js';
import { type Sink, toSink } from './sink.js';

/** Another tenant's sink answers exactly like a missing one. */
export async function getSink(pool: Pool, tenantId: string, id: string): Promise<Sink> {
  const row = await selectSink(pool, tenantId, id);
  if (!row) throw new NotFoundError('Sink', id);
  return toSink(row);
}

/** Sinks in creation order; the cursor is the last id of the previous page (ids are time-sortable). */
export async function listSinks(
  pool: Pool,
  tenantId: string,
  page: { cursor?: string | undefined; limit?: number | undefined },
): Promise<{ data: Sink[]; next_cursor: string | null }> {
  if (page.cursor !== undefined && !/^snk_[0-9a-z]{10,40}$/.test(page.cursor)) {
    throw new ValidationError('The cursor is invalid; pass next_cursor from a previous page unchanged.', [
      { field: '/querystring/cursor', message: 'not a cursor issued by this API' },
    ]);
  }
  const limit = page.limit ?? 50;
  const rows = await selectSinkPage(pool, tenantId, page.cursor, limit + 1);
  const data = rows.slice(0, limit).map(toSink);
  return { data, next_cursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}
