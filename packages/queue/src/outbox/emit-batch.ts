import { type AuditEvent, uuidv7 } from '@bulwark/core';
import type { Pool } from 'pg';
import { envelopeCapacity } from '../envelope.js';

/** The most events one batch row holds: one envelope's worth, so the relay forwards a row as one job. */
export const BATCH_ROW_CAPACITY = envelopeCapacity('audit') ?? 250;

/**
 * Hot-path writer for already validated events that commit together (auth's group commit): ONE
 * autocommit statement storing them as batch rows (migration 0002) — one row per up to
 * `BATCH_ROW_CAPACITY` events, their payloads as one JSON array text. Per commit Postgres writes one
 * heap tuple and one set of index entries per row instead of per event, and the relay later marks and
 * forwards one row per commit, its text unparsed (bench/auth/README.md measured both). Durable when it
 * returns. No NOTIFY, for the reason given at `insertAuditEventsJson`: the caller wakes the relays.
 */
export async function insertAuditEventBatch(
  pool: Pick<Pool, 'query'>,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const values: string[] = [];
  const rows: string[] = [];
  for (let offset = 0; offset < events.length; offset += BATCH_ROW_CAPACITY) {
    values.push(uuidv7(), JSON.stringify(events.slice(offset, offset + BATCH_ROW_CAPACITY)));
    rows.push(`($${values.length - 1}, 'audit', $${values.length}::json)`);
  }
  // One row (every group commit up to the capacity): its text never changes, so a named statement.
  await pool.query({
    ...(rows.length === 1 ? { name: 'bulwark_outbox_insert_batch_v1' } : {}),
    text: `INSERT INTO outbox (id, topic, batch) VALUES ${rows.join(', ')}`,
    values,
  });
}
