import type { ClientBase, Pool } from 'pg';
import { SINK_COLUMNS, type SinkRow } from '../domain/sinks/sink.js';

type Queryable = Pool | ClientBase;

export async function selectSink(
  db: Queryable,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<(SinkRow & { secret_enc: string; secret_rotated_at: Date | null }) | undefined> {
  const result = await db.query<SinkRow & { secret_enc: string; secret_rotated_at: Date | null }>(
    `SELECT ${SINK_COLUMNS}, secret_enc, secret_rotated_at FROM sinks
     WHERE tenant_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return result.rows[0];
}

export type DeliverySinkRow = SinkRow & {
  secret_enc: string;
  /** Set only while a rotation's overlap window lasts. */
  previous_secret_enc: string | null;
};

/** The worker's lookup: by id alone, since a job names its sink and the sink names its tenant. */
export async function selectSinkForDelivery(db: Queryable, id: string): Promise<DeliverySinkRow | undefined> {
  const result = await db.query<DeliverySinkRow>(
    `SELECT ${SINK_COLUMNS}, secret_enc,
       CASE WHEN previous_secret_expires_at > now() THEN previous_secret_enc END AS previous_secret_enc
     FROM sinks WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}

export async function selectSinkPage(
  db: Queryable,
  tenantId: string,
  after: string | undefined,
  limit: number,
): Promise<SinkRow[]> {
  const result = await db.query<SinkRow>(
    `SELECT ${SINK_COLUMNS} FROM sinks WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2)
     ORDER BY id LIMIT $3`,
    [tenantId, after ?? null, limit],
  );
  return result.rows;
}

export async function countSinks(db: Queryable, tenantId: string): Promise<number> {
  const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sinks WHERE tenant_id = $1', [
    tenantId,
  ]);
  return result.rows[0]?.n ?? 0;
}

export interface NewSinkRow {
  id: string;
  tenantId: string;
  url: string;
  description: string | null;
  actionPrefixes: string[];
  enabled: boolean;
  secretEnc: string;
  secretHint: string;
}

export async function insertSink(db: Queryable, row: NewSinkRow): Promise<SinkRow> {
  const result = await db.query<SinkRow>(
    `INSERT INTO sinks (id, tenant_id, url, description, action_prefixes, enabled, secret_enc, secret_hint)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SINK_COLUMNS}`,
    [
      row.id,
      row.tenantId,
      row.url,
      row.description,
      row.actionPrefixes,
      row.enabled,
      row.secretEnc,
      row.secretHint,
    ],
  );
  return result.rows[0] as SinkRow;
}

export async function updateSinkRow(
  db: Queryable,
  tenantId: string,
  id: string,
  next: { url: string; description: string | null; actionPrefixes: string[]; enabled: boolean },
): Promise<SinkRow> {
  const result = await db.query<SinkRow>(
    `UPDATE sinks SET url = $3, description = $4, action_prefixes = $5, enabled = $6, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING ${SINK_COLUMNS}`,
    [tenantId, id, next.url, next.description, next.actionPrefixes, next.enabled],
  );
  return result.rows[0] as SinkRow;
}

/**
 * Installs a new secret; the current one becomes the previous secret until `overlapSeconds` from
 * now (0 = retired at once). A previous secret of an earlier rotation is dropped.
 */
export async function rotateSinkSecretRow(
  db: Queryable,
  tenantId: string,
  id: string,
  next: { secretEnc: string; secretHint: string; overlapSeconds: number },
): Promise<SinkRow | undefined> {
  const result = await db.query<SinkRow>(
    `UPDATE sinks SET
       previous_secret_enc = CASE WHEN $5::int > 0 THEN secret_enc END,
       previous_secret_hint = CASE WHEN $5::int > 0 THEN secret_hint END,
       previous_secret_expires_at = CASE WHEN $5::int > 0 THEN now() + make_interval(secs => $5::int) END,
       secret_enc = $3, secret_hint = $4, secret_rotated_at = now(), updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING ${SINK_COLUMNS}`,
    [tenantId, id, next.secretEnc, next.secretHint, next.overlapSeconds],
  );
  return result.rows[0];
}

/** Forgets previous secrets whose overlap window is over (housekeeping; they no longer sign). */
export async function clearExpiredPreviousSecrets(db: Queryable): Promise<number> {
  const result = await db.query(
    `UPDATE sinks SET previous_secret_enc = NULL, previous_secret_hint = NULL, previous_secret_expires_at = NULL
     WHERE previous_secret_expires_at <= now()`,
  );
  return result.rowCount ?? 0;
}

export async function deleteSinkRow(
  db: Queryable,
  tenantId: string,
  id: string,
): Promise<SinkRow | undefined> {
  const result = await db.query<SinkRow>(
    `DELETE FROM sinks WHERE tenant_id = $1 AND id = $2 RETURNING ${SINK_COLUMNS}`,
    [tenantId, id],
  );
  return result.rows[0];
}

/** Enabled sinks of the given tenants, for the worker's fan-out after each stored batch. */
export async function selectEnabledSinks(
  db: Queryable,
  tenantIds: readonly string[],
): Promise<{ id: string; tenant_id: string; action_prefixes: string[] }[]> {
  const result = await db.query<{ id: string; tenant_id: string; action_prefixes: string[] }>(
    'SELECT id, tenant_id, action_prefixes FROM sinks WHERE enabled AND tenant_id = ANY($1::text[])',
    [tenantIds],
  );
  return result.rows;
}
