import type { Pool } from 'pg';
import {
  STORED_COLUMNS,
  type StoredAuditEvent,
  type StoredRow,
  toStoredEvent,
} from '../events/stored-event.js';

/**
 * The events of one delivery, as the query API shows them (with their chain position, so a receiver
 * can check continuity), in chain order. Events retention dropped since are simply absent.
 */
export async function loadDeliveryEvents(
  pool: Pool,
  tenantId: string,
  eventIds: readonly string[],
): Promise<StoredAuditEvent[]> {
  const columns = STORED_COLUMNS.split(', ')
    .map((column) => `e.${column}`)
    .join(', ');
  const rows = await pool.query<StoredRow>(
    `SELECT ${columns} FROM audit_event_ids i
     JOIN audit_events e ON e.id = i.id AND e.occurred_at = i.occurred_at AND e.tenant_id = i.tenant_id
     WHERE i.id = ANY($1::uuid[]) AND i.tenant_id = $2 ORDER BY e.seq`,
    [eventIds, tenantId],
  );
  return rows.rows.map(toStoredEvent);
}

export function deliveryBody(
  sinkId: string,
  deliveryId: string,
  events: readonly StoredAuditEvent[],
): string {
  return JSON.stringify({ delivery_id: deliveryId, sink_id: sinkId, events });
}
