import { NotFoundError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import { deleteSinkRow } from '../../db/sinks-sql.js';
import { assertScope } from '../assert-scope.js';
import type { WriteContext } from '../write-context.js';
import { sinkSnapshot, toSink } from './sink.js';
import { sinkAuditEvent } from './sink-audit-event.js';

/**
 * Deletes a sink and its dead letters. Deliveries still queued for it find no sink and complete
 * without sending: nobody should receive events through a sink its admin removed.
 */
export async function deleteSink(ctx: WriteContext, id: string): Promise<void> {
  assertScope(ctx.actor, 'audit:admin');
  await withTransaction(ctx.pool, async (client) => {
    const row = await deleteSinkRow(client, ctx.actor.tenantId, id);
    if (!row) throw new NotFoundError('Sink', id);
    await emitAuditEvent(
      client,
      sinkAuditEvent(ctx, 'audit.sink.delete', id, { before: sinkSnapshot(toSink(row)), after: null }),
    );
  });
}
