import { ConflictError, NotFoundError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import type { Pool } from 'pg';
import { markRetrying, selectDeadLetter, selectDeadLetterPage } from '../../db/dead-letters-sql.js';
import { assertScope } from '../assert-scope.js';
import { getSink } from '../sinks/read-sinks.js';
import { sinkAuditEvent } from '../sinks/sink-audit-event.js';
import type { WriteContext } from '../write-context.js';
import { type DeadLetter, type DeadLetterStatus, toDeadLetter } from './dead-letter.js';
import { redeliveryJobId } from './delivery-id.js';
import type { WebhookEnqueuer } from './webhook-enqueuer.js';

/** A sink's dead letters, newest first; another tenant's sink answers 404. */
export async function listDeadLetters(
  pool: Pool,
  tenantId: string,
  sinkId: string,
  page: { cursor?: string | undefined; limit?: number | undefined; status?: DeadLetterStatus | undefined },
): Promise<{ data: DeadLetter[]; next_cursor: string | null }> {
  await getSink(pool, tenantId, sinkId);
  if (page.cursor !== undefined && !/^dlv_[0-9a-f]{32}$/.test(page.cursor)) {
    throw new ValidationError('The cursor is invalid; pass next_cursor from a previous page unchanged.', [
      { field: '/querystring/cursor', message: 'not a cursor issued by this API' },
    ]);
  }
  const limit = page.limit ?? 50;
  const rows = await selectDeadLetterPage(pool, tenantId, sinkId, {
    before: page.cursor,
    status: page.status,
    limit: limit + 1,
  });
  const data = rows.slice(0, limit).map(toDeadLetter);
  return { data, next_cursor: rows.length > limit ? (data.at(-1)?.delivery_id ?? null) : null };
}

/**
 * Sends a dead delivery again, with a fresh run of attempts. Asking again while a redelivery is
 * queued re-enqueues the same job id (BullMQ ignores the repeat), so a lost answer is safe to retry;
 * a delivery that already went through is a 409. The redelivery is audited.
 */
export async function retryDeadLetter(
  ctx: WriteContext,
  webhooks: WebhookEnqueuer,
  sinkId: string,
  deliveryId: string,
): Promise<DeadLetter> {
  assertScope(ctx.actor, 'audit:admin');
  const tenantId = ctx.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const row = await selectDeadLetter(client, tenantId, sinkId, deliveryId, { forUpdate: true });
    if (!row) throw new NotFoundError('Dead letter', deliveryId);
    if (row.status === 'delivered') {
      throw new ConflictError(`Delivery ${deliveryId} was already redelivered successfully.`);
    }
    const redeliveries = await markRetrying(client, deliveryId, row.status === 'dead');
    await emitAuditEvent(
      client,
      sinkAuditEvent(ctx, 'audit.sink.redeliver', sinkId, null, {
        delivery_id: deliveryId,
        events: row.event_ids.length,
      }),
    );
    // Enqueued before COMMIT: if Redis refuses, nothing changes and the caller can ask again; if the
    // COMMIT then fails, the worker still delivers and marks the row delivered.
    await webhooks.enqueue([
      {
        jobId: redeliveryJobId(deliveryId, redeliveries),
        payload: { sink_id: sinkId, event_ids: row.event_ids },
      },
    ]);
    const updated = await selectDeadLetter(client, tenantId, sinkId, deliveryId);
    return toDeadLetter(updated ?? row);
  });
}
