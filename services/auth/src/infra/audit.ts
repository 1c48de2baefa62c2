import { type Actor, type BuildEventInput, buildAuditEvent } from '@bulwark/core';
import { emitAuditEvent } from '@bulwark/queue';
import type { TxClient } from './db-types.js';

export type AuditInput = Omit<BuildEventInput, 'actor'> & { actor: Actor };

/** Writes one audit event into the outbox on the caller's transaction (commits with the change). */
export async function audit(client: TxClient, input: AuditInput): Promise<void> {
  await emitAuditEvent(client, buildAuditEvent(input));
}
