import type { Pool } from 'pg';

// Fresh events (server-made ids) go in with @bulwark/queue's `insertAuditEventsJson`; only the
// idempotent insert for client-chosen ids is ingest's own.

/**
 * Client-chosen ids: the lookup of ids already accepted (still in the outbox, or already stored and
 * held by the chain's id registry) and the insert of the unknown ones share one statement, hence one
 * snapshot and one round trip instead of BEGIN / SELECT / INSERT / COMMIT. Nothing is inserted when
 * any known id belongs to another tenant (the caller answers 409). A concurrent request inserting
 * the same new id makes this one fail on the outbox primary key, as a separate transaction would.
 */
const INSERT_UNLESS_KNOWN = {
  name: 'audit_ingest_outbox_idempotent_v1',
  text: `WITH known AS (
           SELECT id, payload ->> 'tenant_id' AS tenant_id FROM outbox WHERE id = ANY($2::uuid[])
           UNION ALL
           SELECT id, tenant_id FROM audit_event_ids WHERE id = ANY($2::uuid[])
         ), added AS (
           INSERT INTO outbox (id, topic, payload)
           SELECT (e ->> 'id')::uuid, 'audit', e FROM jsonb_array_elements($1::jsonb) AS e
            WHERE NOT EXISTS (SELECT 1 FROM known WHERE known.id = (e ->> 'id')::uuid)
              AND NOT EXISTS (SELECT 1 FROM known WHERE known.tenant_id <> $3)
           RETURNING 1
         )
         SELECT id, tenant_id FROM known`,
};

export interface KnownEventId {
  id: string;
  tenant_id: string;
}

/**
 * Inserts the events whose ids are not known yet, unless a known one belongs to another tenant than
 * `tenantId`; returns the known ids with their tenants (nothing was inserted if any is foreign).
 */
export async function insertUnlessKnown(
  pool: Pool,
  eventsJson: string,
  chosenIds: readonly string[],
  tenantId: string,
): Promise<KnownEventId[]> {
  const result = await pool.query<KnownEventId>({
    ...INSERT_UNLESS_KNOWN,
    values: [eventsJson, chosenIds, tenantId],
  });
  return result.rows;
}
