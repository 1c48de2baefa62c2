import type { Pool } from 'pg';

/** Position in a source outbox: the last row handled, in (dispatched_at, id) order. */
export interface Watermark {
  /** Postgres text of `dispatched_at` (microseconds kept: a JS Date would round them away). */
  at: string;
  id: string;
}

export interface DispatchedRow extends Watermark {
  /**
   * The events the row holds: its own id for a payload row (the writer uses the event id as row id),
   * each element's `id` for a batch row (migration 0002), in element order. An element without a
   * string `id` gives null; a batch row with an empty array, no ids at all.
   */
  eventIds: (string | null)[];
}

const NO_WATERMARK: Watermark = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/**
 * The next `limit` audit rows of a source outbox dispatched after `after`, more than `graceMs` ago
 * (a dispatched job normally is stored well within it) and within the last `windowMs` (the prune
 * window). Ids and positions only: payloads are read for the few events that turn out missing (a
 * batch row's array is read here too, for its ids). `dispatched_at >= $1` lets the range use
 * `outbox_dispatched_at_idx`. ORDER BY names the columns (`o.id`): a bare `id` would be the text
 * output column, sorting in the collation's order rather than the uuid order the watermark compares.
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
    `SELECT o.id::text AS id, o.dispatched_at::text AS at,
            CASE WHEN o.batch IS NULL THEN ARRAY[o.id::text]
                 ELSE ARRAY(SELECT e.item->>'id' FROM json_array_elements(o.batch) WITH ORDINALITY AS e(item, n)
                             ORDER BY e.n)
            END AS "eventIds"
       FROM outbox o
      WHERE o.topic = 'audit'
        AND o.dispatched_at IS NOT NULL
        AND o.dispatched_at >= $1::timestamptz
        AND (o.dispatched_at, o.id) > ($1::timestamptz, $2::uuid)
        AND o.dispatched_at < now() - make_interval(secs => $3::double precision / 1000)
        AND o.dispatched_at >= now() - make_interval(secs => $4::double precision / 1000)
        AND ($6::timestamptz IS NULL OR o.dispatched_at < $6::timestamptz)
      ORDER BY o.dispatched_at, o.id
      LIMIT $5`,
    [after.at, after.id, options.graceMs, options.windowMs, options.limit, options.dispatchedBefore],
  );
  return result.rows;
}

/**
 * The stored payloads of the events `eventIds` (lowercase) among the rows `rowIds`, whichever shape
 * each row has (`outbox_events`, migration 0002). The row ids let the primary key find the rows; the
 * event ids pick the elements of a batch row. A row pruned meanwhile is simply absent from the answer.
 */
export async function outboxEventPayloads(
  source: Pool,
  rowIds: readonly string[],
  eventIds: readonly string[],
): Promise<{ rowId: string; payload: unknown }[]> {
  const result = await source.query<{ rowId: string; payload: unknown }>(
    `SELECT row_id::text AS "rowId", payload FROM outbox_events
      WHERE row_id = ANY($1::uuid[]) AND topic = 'audit' AND lower(payload->>'id') = ANY($2::text[])
      ORDER BY dispatched_at, row_id`,
    [rowIds, eventIds],
  );
  return result.rows;
}
