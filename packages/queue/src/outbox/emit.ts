import { type AuditEvent, auditEventErrors, ValidationError } from '@bulwark/core';
import type { ClientBase } from 'pg';
import { OUTBOX_CHANNEL } from './migrations.js';

/** Thrown before anything is written when an event breaks the schema or the action registry. */
export class InvalidAuditEventError extends ValidationError {}

function assertValid(event: unknown, index?: number): asserts event is AuditEvent {
  const errors = auditEventErrors(event);
  if (errors.length === 0) return;
  const where = index === undefined ? '' : ` at index ${index}`;
  const action = (event as { action?: unknown } | null)?.action;
  const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new InvalidAuditEventError(
    `Invalid audit event${where}${typeof action === 'string' ? ` (${action})` : ''}: ${list}`,
    errors,
  );
}

/**
 * Writes audit events to the outbox on `client`, which must be inside the caller's business
 * transaction: the events commit (and are relayed) only if the change commits. The NOTIFY is
 * delivered on commit too, and wakes the relays; a rollback drops both.
 */
export async function emitAuditEvents(client: ClientBase, events: readonly AuditEvent[]): Promise<void> {
  events.forEach((event, index) => {
    assertValid(event, events.length === 1 ? undefined : index);
  });
  if (events.length === 0) return;
  // One statement whatever the count: arrays unnest into rows server-side.
  await client.query(
    `INSERT INTO outbox (id, topic, payload)
     SELECT id, 'audit', payload FROM unnest($1::uuid[], $2::jsonb[]) AS e(id, payload)`,
    [events.map((event) => event.id), events.map((event) => JSON.stringify(event))],
  );
  await client.query(`NOTIFY ${OUTBOX_CHANNEL}`);
}

export function emitAuditEvent(client: ClientBase, event: AuditEvent): Promise<void> {
  return emitAuditEvents(client, [event]);
}
