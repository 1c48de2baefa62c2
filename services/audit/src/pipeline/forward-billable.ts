import type { AuditEvent } from '@bulwark/core';
import type { JobPayload, Producer } from '@bulwark/queue';

/** Billable: a positive quantity, or any agent action (they default to one unit). */
export function isBillable(event: AuditEvent): boolean {
  return event.units > 0 || event.action.startsWith('agent.action.');
}

export function meteringPayload(event: AuditEvent): JobPayload<'metering'> {
  return {
    event_id: event.id,
    tenant_id: event.tenant_id,
    occurred_at: event.occurred_at,
    action: event.action,
    units: event.units,
    actor: event.actor,
    on_behalf_of: event.on_behalf_of,
    delegation_chain: event.delegation_chain,
  };
}

/**
 * Forwards billable events to billing in envelope jobs (`@bulwark/queue` envelope.ts: up to 250
 * events per job, job id derived from the event ids). Called for every event of a committed batch,
 * duplicates included: if a worker died between COMMIT and this call, the redelivered jobs are
 * duplicates in the store but must still reach billing. Billing's ledger is keyed by event id, so
 * an event forwarded twice, in whatever envelope, is counted once.
 */
export async function forwardBillable(
  producer: Producer<'metering'>,
  events: readonly AuditEvent[],
): Promise<number> {
  const billable = events.filter(isBillable);
  if (billable.length === 0) return 0;
  await producer.addEnveloped(billable.map((event) => ({ id: event.id, payload: meteringPayload(event) })));
  return billable.length;
}
