import { type AuditEvent, uuidv7 } from '@bulwark/core';
import type { Pool } from 'pg';
import { envelopeCapacity } from '../envelope.js';

/** The most events one batch row holds: one envelope's worth, so a row always fits in one job. */
export const BATCH_ROW_CAPACITY = envelopeCapacity('audit') ?? 250;

/**
 * Hot-path writer for already validated events that commit together (auth's group commit): ONE
 * autocommit statement storing them as batch rows (migration 0002) — one row per up to
 * `BATCH_ROW_CAPACITY` events, their payloads as one JSON array text, and their count (`batch_items`,
 * migration 0004). Per commit Postgres writes one heap tuple and one set of index entries per row
 * instead of per event, and the relay later marks one row per commit and forwards its text unparsed,
 * consecutive rows packed into one envelope by their counts (bench/auth/README.md measured the rows).
 * Durable when it returns. No NOTIFY, for the reason given at `insertAuditEventsJson`: the caller
 * wakes the relays.
 */
export async function insertAuditEventBatch(
  pool: Pick<Pool, 'query'>,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const values: (string | number)[] = [];
  const rows: string[] = [];
  for (let offset = 0; offset < events.length; offset += BATCH_ROW_CAPACITY) {
    const slice = events.slice(offset, offset + BATCH_ROW_CAPACITY);
    // The count lets the relay pack rows into envelopes without parsing them (migration 0004).
    values.push(uuidv7(), JSON.stringify(slice), slice.length);
    const n = values.length;
    rows.push(`($${n - 2}, 'audit', $${n - 1}::json, $${n}::integer)`);
  }
  // One row (every group commit up to the capacity): its text never changes, so a named statement.
  await pool.query({
    ...(rows.length === 1 ? { name: 'bulwark_outbox_insert_batch_v2' } : {}),
    text: `INSERT INTO outbox (id, topic, batch, batch_items) VALUES ${rows.join(', ')}`,
    values,
  });
}
