import { NotFoundError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import { selectSink, updateSinkRow } from '../../db/sinks-sql.js';
import { assertScope } from '../assert-scope.js';
import type { WriteContext } from '../write-context.js';
import { type Sink, sinkSnapshot, toSink } from './sink.js';
import { sinkAuditEvent } from './sink-audit-event.js';
import { checkSinkUrl, normalizePrefixes } from './sink-input.js';
import type { SinkAddressGuard } from './sink-network-policy.js';

export interface UpdateSinkInput {
  url?: string | undefined;
  description?: string | null | undefined;
  action_prefixes?: string[] | undefined;
  enabled?: boolean | undefined;
}

/** Changes a sink's URL, description, filter or enabled flag; the secret stays as it is. */
export async function updateSink(
  ctx: WriteContext,
  guard: SinkAddressGuard,
  id: string,
  input: UpdateSinkInput,
): Promise<Sink> {
  assertScope(ctx.actor, 'audit:admin');
  if (Object.values(input).every((value) => value === undefined)) {
    throw new ValidationError('Nothing to change: send at least one field.', [
      { field: '/body', message: 'needs url, description, action_prefixes or enabled' },
    ]);
  }
  const url = input.url === undefined ? undefined : await checkSinkUrl(input.url, guard);
  const tenantId = ctx.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const current = await selectSink(client, tenantId, id, { forUpdate: true });
    if (!current) throw new NotFoundError('Sink', id);
    const before = toSink(current);
    const row = await updateSinkRow(client, tenantId, id, {
      url: url ?? before.url,
      description: input.description === undefined ? before.description : input.description,
      actionPrefixes:
        input.action_prefixes === undefined
          ? before.action_prefixes
          : normalizePrefixes(input.action_prefixes),
      enabled: input.enabled ?? before.enabled,
    });
    const after = toSink(row);
    await emitAuditEvent(
      client,
      sinkAuditEvent(ctx, 'audit.sink.update', id, {
        before: sinkSnapshot(before),
        after: sinkSnapshot(after),
      }),
    );
    return after;
  });
}
