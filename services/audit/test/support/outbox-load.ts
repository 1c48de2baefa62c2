import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEvent } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents } from '@bulwark/queue';
import type { Pool } from 'pg';

/**
 * Emits `events` through the outbox in transactions of `chunk`, pausing a little between them so
 * the load is spread over the time the test makes its faults. Resolves when all are committed
 * (i.e. acknowledged to their emitter).
 */
export async function emitThroughOutbox(
  pool: Pool,
  events: readonly AuditEvent[],
  options: { chunk?: number; pauseMs?: number } = {},
): Promise<void> {
  const chunk = options.chunk ?? 100;
  for (let offset = 0; offset < events.length; offset += chunk) {
    await withTransaction(pool, (client) => emitAuditEvents(client, events.slice(offset, offset + chunk)));
    await sleep(options.pauseMs ?? 20);
  }
}

/** Outbox rows the relay has moved to Redis. */
export async function dispatchedCount(pool: Pool): Promise<number> {
  const result = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NOT NULL',
  );
  return result.rows[0]?.n ?? 0;
}
