import { type AuditEvent, buildAuditEvent } from '@bulwark/core';
import type { WriteContext } from '../write-context.js';

type SinkAction =
  | 'audit.sink.create'
  | 'audit.sink.update'
  | 'audit.sink.secret_rotate'
  | 'audit.sink.delete'
  | 'audit.sink.redeliver';

/** The audit record of a sink change; callers pass snapshots without the secret. */
export function sinkAuditEvent(
  ctx: WriteContext,
  action: SinkAction,
  sinkId: string,
  changes: { before: unknown; after: unknown } | null,
  metadata?: Record<string, unknown>,
): AuditEvent {
  return buildAuditEvent({
    actor: ctx.actor,
    action,
    target: { type: 'audit_sink', id: sinkId },
    requestId: ctx.requestId,
    source: ctx.source,
    clock: ctx.clock,
    changes,
    ...(metadata && { metadata }),
  });
}
