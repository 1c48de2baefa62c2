import { hasPgErrorCode } from '@bulwark/db';
import type { ClientBase, Pool } from 'pg';
import { DEAD_LETTER_COLUMNS, type DeadLetterRow } from '../domain/webhooks/dead-letter.js';

type Queryable = Pool | ClientBase;

const FOREIGN_KEY_VIOLATION = '23503';

export interface FailedDelivery {
  deliveryId: string;
  sinkId: string;
  tenantId: string;
  eventIds: readonly string[];
  attempts: number;
  lastStatus: number | null;
  lastError: string;
}

/**
 * Records (or, after a failed redelivery, re-records) a dead letter. Returns false when the sink was
 * deleted meanwhile: its dead letters went with it.
 */
export async function upsertDeadLetter(db: Queryable, failed: FailedDelivery): Promise<boolean> {
  try {
    await db.query(
      `INSERT INTO sink_dead_letters (id, sink_id, tenant_id, event_ids, attempts, last_status, last_error, status)
       VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7, 'dead')
       ON CONFLICT (id) DO UPDATE SET attempts = sink_dead_letters.attempts + EXCLUDED.attempts,
         last_status = EXCLUDED.last_status, last_error = EXCLUDED.last_error, status = 'dead',
         failed_at = now(), updated_at = now()`,
      [
        failed.deliveryId,
        failed.sinkId,
        failed.tenantId,
        failed.eventIds,
        failed.attempts,
        failed.lastStatus,
        failed.lastError.slice(0, 1000),
      ],
    );
    return true;
  } catch (error) {
    if (hasPgErrorCode(error, FOREIGN_KEY_VIOLATION)) return false;
    throw error;
  }
}

export async function markDeadLetterDelivered(db: Queryable, deliveryId: string): Promise<void> {
  await db.query("UPDATE sink_dead_letters SET status = 'delivered', updated_at = now() WHERE id = $1", [
    deliveryId,
  ]);
}

export async function selectDeadLetter(
  db: Queryable,
  tenantId: string,
  sinkId: string,
  deliveryId: string,
  options: { forUpdate?: boolean } = {},
): Promise<DeadLetterRow | undefined> {
  const result = await db.query<DeadLetterRow>(
    `SELECT ${DEAD_LETTER_COLUMNS} FROM sink_dead_letters WHERE tenant_id = $1 AND sink_id = $2 AND id = $3${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, sinkId, deliveryId],
  );
  return result.rows[0];
}

export async function selectDeadLetterPage(
  db: Queryable,
  tenantId: string,
  sinkId: string,
  page: { before?: string | undefined; status?: string | undefined; limit: number },
): Promise<DeadLetterRow[]> {
  const result = await db.query<DeadLetterRow>(
    `SELECT ${DEAD_LETTER_COLUMNS} FROM sink_dead_letters
     WHERE tenant_id = $1 AND sink_id = $2 AND ($3::text IS NULL OR id < $3) AND ($4::text IS NULL OR status = $4)
     ORDER BY id DESC LIMIT $5`,
    [tenantId, sinkId, page.before ?? null, page.status ?? null, page.limit],
  );
  return result.rows;
}

export async function markRetrying(db: Queryable, deliveryId: string, bump: boolean): Promise<number> {
  const result = await db.query<{ redeliveries: number }>(
    `UPDATE sink_dead_letters SET status = 'retrying', redeliveries = redeliveries + $2::int, updated_at = now()
     WHERE id = $1 RETURNING redeliveries`,
    [deliveryId, bump ? 1 : 0],
  );
  return result.rows[0]?.redeliveries ?? 0;
}
