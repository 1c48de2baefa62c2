import type { AuditEvent } from '@bulwark/core';

/** An event as the query API returns it: the event itself plus its place in the tenant's chain. */
export type StoredAuditEvent = AuditEvent & {
  chain: { seq: number; prev_hash: string; hash: string; stored_at: string };
};

export interface StoredRow {
  event: AuditEvent;
  seq: string;
  prev_hash: string;
  hash: string;
  stored_at: Date;
  at_text: string;
}

export const STORED_COLUMNS = 'event, seq, prev_hash, hash, stored_at, occurred_at::text AS at_text';

export function toStoredEvent(row: StoredRow): StoredAuditEvent {
  return {
    ...row.event,
    chain: {
      seq: Number(row.seq),
      prev_hash: row.prev_hash,
      hash: row.hash,
      stored_at: row.stored_at.toISOString(),
    },
  };
}
