import type { Pool } from 'pg';

/** Position in a source outbox: the last row handled, in (dispatched_at, id) order. */
export interface Watermark {
  /** Postgres text of `dispatched_at` (microseconds kept: a JS Date would round them away). */
  at: string;
  id: string;
}

export interface DispatchedRow extends Watermark {}

const NO_WATERMARK: Watermark = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/**
 * The next `limit` audit rows of a source outbox dispatched after `after`, more than `graceMs` ago
 * (a dispatched job normally is stored well within it) and within the last `windowMs` (the prune
 * window). Ids and positions only: payloads are read for the few rows that turn out missing.
 * `dispatched_at >= $1` lets the range use `outbox_dispatched_at_idx`.
 */
export async function dispatchedPage(
  source: Pool,
  options: {
    after: Watermark | undefined;
    graceMs: number;
    windowMs: number;
    limit: number;
    /** Only rows dispatched before this (ISO time), e.g. held back by a queue backlog; null = no bound. */
    dispatchedBefore: string | null;
  },
): Promise<DispatchedRow[]> {
  const after = options.after ?? NO_WATERMARK;
  const result = await source.query<DispatchedRow>(
    `SELECT id::text AS id, dispatched_at::text AS at FROM outbox
      WHERE topic = 'audit'
        AND dispatched_at IS NOT NULL
        AND dispatched_at >= $1::timestamptz
        AND (dispatched_at, id) > ($1::timestamptz, $2::uuid)
        AND dispatched_at < now() - make_interval(secs => $3::double precision / 1000)
        AND dispatched_at >= now() - make_interval(secs => $4::double precision / 1000)
        AND ($6::timestamptz IS NULL OR dispatched_at < $6::timestamptz)
      ORDER BY dispatched_at, id
      LIMIT $5`,
    [after.at, after.id, options.graceMs, options.windowMs, options.limit, options.dispatchedBefore],
  );
  return result.rows;
}

/** The stored payloads of `ids` (a row pruned meanwhile is simply absent from the answer). */
export async function outboxPayloads(
  source: Pool,
  ids: readonly string[],
): Promise<{ id: string; payload: unknown }[]> {
  const result = await source.query<{ id: string; payload: unknown }>(
    'SELECT id::text AS id, payload FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY dispatched_at, id',
    [ids],
  );
  return result.rows;
}
