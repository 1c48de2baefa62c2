import { NotFoundError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import { rotateSinkSecretRow, selectSink } from '../../db/sinks-sql.js';
import { assertScope } from '../assert-scope.js';
import type { Kek } from '../checkpoints/kek.js';
import type { WriteContext } from '../write-context.js';
import { type Sink, sinkSnapshot, toSink } from './sink.js';
import { sinkAuditEvent } from './sink-audit-event.js';
import { newSinkSecret, sealSinkSecret } from './sink-secret.js';

/** How long deliveries stay signed with the old secret too, unless the caller says otherwise. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 86_400;
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86_400;

export type RotatedSink = Sink & { secret: string };

/**
 * Gives a sink a new signing secret, returned here once. For `overlapSeconds` deliveries carry a
 * signature with the new and one with the old secret, so receivers can switch without a gap;
 * 0 retires the old secret at once. Rotating again during a window drops the older secret (only
 * the one being replaced overlaps). Audited as `audit.sink.secret_rotate`, whose changes show the
 * secret hints (never a secret) and whose metadata gives the overlap.
 */
export async function rotateSinkSecret(
  ctx: WriteContext,
  kek: Kek,
  id: string,
  overlapSeconds: number = DEFAULT_SECRET_OVERLAP_SECONDS,
): Promise<RotatedSink> {
  assertScope(ctx.actor, 'audit:admin');
  if (
    !Number.isInteger(overlapSeconds) ||
    overlapSeconds < 0 ||
    overlapSeconds > MAX_SECRET_OVERLAP_SECONDS
  ) {
    throw new ValidationError('overlap_seconds is out of range.', [
      { field: '/body/overlap_seconds', message: `an integer 0-${MAX_SECRET_OVERLAP_SECONDS} (7 days)` },
    ]);
  }
  const tenantId = ctx.actor.tenantId;
  const { secret, hint } = newSinkSecret();
  return withTransaction(ctx.pool, async (client) => {
    const current = await selectSink(client, tenantId, id, { forUpdate: true });
    if (!current) throw new NotFoundError('Sink', id);
    const row = await rotateSinkSecretRow(client, tenantId, id, {
      secretEnc: sealSinkSecret(kek, id, secret),
      secretHint: hint,
      overlapSeconds,
    });
    if (!row) throw new NotFoundError('Sink', id);
    const after = toSink(row);
    await emitAuditEvent(
      client,
      sinkAuditEvent(
        ctx,
        'audit.sink.secret_rotate',
        id,
        { before: sinkSnapshot(toSink(current)), after: sinkSnapshot(after) },
        {
          operation: 'secret_rotate',
          overlap_seconds: overlapSeconds,
          overlap_ends_at: after.previous_secret_expires_at,
        },
      ),
    );
    return { ...after, secret };
  });
}
