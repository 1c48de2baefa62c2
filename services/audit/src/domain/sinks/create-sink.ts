import { ConflictError, DomainError, publicId } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import { claimIdempotencyKey } from '../../db/idempotency-keys.js';
import { countSinks, insertSink, selectSink } from '../../db/sinks-sql.js';
import { assertScope } from '../assert-scope.js';
import type { WriteContext } from '../write-context.js';
import { type Sink, sinkSnapshot, toSink } from './sink.js';
import { sinkAuditEvent } from './sink-audit-event.js';
import { checkSinkUrl, normalizePrefixes } from './sink-input.js';
import { newSinkSecret, openSinkSecret, sealSinkSecret } from './sink-secret.js';
import type { SinkSettings } from './sink-settings.js';

export interface CreateSinkInput {
  url: string;
  description?: string | null | undefined;
  action_prefixes?: string[] | undefined;
  enabled?: boolean | undefined;
}

export type CreatedSink = Sink & { secret: string };

/** Fan-out cost grows with sinks per tenant; a SIEM or two is the norm. */
export const MAX_SINKS_PER_TENANT = 20;

/**
 * Creates a sink and its signing secret, audited in the same transaction. The secret is returned
 * here and nowhere else. With an Idempotency-Key, a retry of the same request answers with the same
 * sink and secret (the first answer may never have reached the caller); the key never stores it.
 */
export async function createSink(
  ctx: WriteContext,
  settings: SinkSettings,
  input: CreateSinkInput,
  idempotencyKey?: string,
): Promise<{ sink: CreatedSink; replayed: boolean }> {
  assertScope(ctx.actor, 'audit:admin');
  const tenantId = ctx.actor.tenantId;
  const url = await checkSinkUrl(input.url, settings.guard);
  const prefixes = normalizePrefixes(input.action_prefixes ?? []);
  const id = publicId('sink', ctx.clock.nowMs());
  const { secret, hint } = newSinkSecret();

  return withTransaction(ctx.pool, async (client) => {
    if (idempotencyKey !== undefined) {
      const earlier = await claimIdempotencyKey(client, {
        tenantId,
        operation: 'sink.create',
        key: idempotencyKey,
        request: input,
        resourceId: id,
        ttlSeconds: settings.idempotencyKeyTtlSeconds,
      });
      if (earlier !== null) {
        const row = await selectSink(client, tenantId, earlier);
        if (!row) {
          throw new DomainError(
            'idempotency_conflict',
            'The sink created with this Idempotency-Key has since been deleted; use a new key.',
          );
        }
        if (row.secret_rotated_at !== null) {
          // The replay would hand out the rotated secret outside the audited rotation.
          throw new DomainError(
            'idempotency_conflict',
            'The sink created with this Idempotency-Key has had its secret rotated since; GET it, or use a new key.',
          );
        }
        return {
          sink: { ...toSink(row), secret: openSinkSecret(settings.kek, row.id, row.secret_enc) },
          replayed: true,
        };
      }
    }
    // Serialises concurrent creates of one tenant, so the cap holds.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit-sinks:${tenantId}`]);
    if ((await countSinks(client, tenantId)) >= MAX_SINKS_PER_TENANT) {
      throw new ConflictError(`A tenant can have at most ${MAX_SINKS_PER_TENANT} sinks; delete one first.`);
    }
    const row = await insertSink(client, {
      id,
      tenantId,
      url,
      description: input.description ?? null,
      actionPrefixes: prefixes,
      enabled: input.enabled ?? true,
      secretEnc: sealSinkSecret(settings.kek, id, secret),
      secretHint: hint,
    });
    const sink = toSink(row);
    await emitAuditEvent(
      client,
      sinkAuditEvent(ctx, 'audit.sink.create', id, { before: null, after: sinkSnapshot(sink) }),
    );
    return { sink: { ...sink, secret }, replayed: false };
  });
}
