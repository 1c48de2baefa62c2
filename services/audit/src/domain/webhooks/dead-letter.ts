export type DeadLetterStatus = 'dead' | 'retrying' | 'delivered';

/** A delivery that exhausted its attempts, as the dead-letter list shows it. */
export interface DeadLetter {
  delivery_id: string;
  sink_id: string;
  event_ids: string[];
  attempts: number;
  last_status: number | null;
  last_error: string;
  status: DeadLetterStatus;
  redeliveries: number;
  failed_at: string;
  updated_at: string;
}

export interface DeadLetterRow {
  id: string;
  sink_id: string;
  tenant_id: string;
  event_ids: string[];
  attempts: number;
  last_status: number | null;
  last_error: string;
  status: DeadLetterStatus;
  redeliveries: number;
  failed_at: Date;
  updated_at: Date;
}

export const DEAD_LETTER_COLUMNS =
  'id, sink_id, tenant_id, event_ids, attempts, last_status, last_error, status, redeliveries, failed_at, updated_at';

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    delivery_id: row.id,
    sink_id: row.sink_id,
    event_ids: row.event_ids,
    attempts: row.attempts,
    last_status: row.last_status,
    last_error: row.last_error,
    status: row.status,
    redeliveries: row.redeliveries,
    failed_at: row.failed_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
