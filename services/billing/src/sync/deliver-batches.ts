import type { Pool } from 'pg';
import { classifyStripeError } from '../stripe/classify-error.js';
import type { MeterEventToSend, StripeGateway } from '../stripe/stripe-gateway.js';
import type { RateGate } from './rate-gate.js';

export interface DeliverOptions {
  gateway: StripeGateway;
  gate: RateGate;
  now?: () => Date;
  /** Most batches handled in one pass. */
  limit?: number;
  /** Pending batches above this count go through the v2 stream (100 per call) instead of v1. */
  streamThreshold?: number;
  /** Test-only crash point: runs after Stripe accepted a batch and before we record that. */
  afterSend?: (identifier: string) => void;
}

export interface DeliverResult {
  delivered: number;
  duplicates: number;
  retried: number;
  rejected: number;
  rateLimited: boolean;
}

interface PendingRow {
  identifier: string;
  value: string;
  window_start: Date;
  attempts: number;
  event_name: string;
  stripe_customer_id: string;
}

const MAX_BACKOFF_MS = 5 * 60_000;
const STREAM_BATCH = 100;

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s … capped at 5 min. */
export function backoffMs(attempts: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Sends pending batches to Stripe, oldest window first, and records each outcome. Sending is
 * sequential, so there is never more than one in-flight call per customer and meter (Stripe's rule);
 * the gate keeps us under the account's rate limit.
 */
export async function deliverBatches(pool: Pool, options: DeliverOptions): Promise<DeliverResult> {
  const now = options.now ?? (() => new Date());
  const result: DeliverResult = { delivered: 0, duplicates: 0, retried: 0, rejected: 0, rateLimited: false };
  const { rows } = await pool.query<PendingRow>(
    `SELECT b.identifier, b.value, b.window_start, b.attempts, m.event_name, c.stripe_customer_id
     FROM sync_batches b
     JOIN meters m ON m.id = b.meter_id
     JOIN customers c ON c.id = b.customer_id
     WHERE b.status = 'pending' AND b.next_attempt_at <= $1
     ORDER BY b.window_start, b.identifier
     LIMIT $2`,
    [now().toISOString(), options.limit ?? 1000],
  );
  const toSend = (row: PendingRow): MeterEventToSend => ({
    eventName: row.event_name,
    identifier: row.identifier,
    stripeCustomerId: row.stripe_customer_id,
    value: Number(row.value),
    timestamp: Math.floor(row.window_start.getTime() / 1000),
  });

  if (rows.length > (options.streamThreshold ?? 500)) {
    for (let i = 0; i < rows.length && !result.rateLimited; i += STREAM_BATCH) {
      const chunk = rows.slice(i, i + STREAM_BATCH);
      await options.gate.take();
      try {
        await options.gateway.sendMeterEventStream(chunk.map(toSend));
        for (const row of chunk) options.afterSend?.(row.identifier);
        // The stream validates asynchronously and drops repeated identifiers, so a resent chunk is harmless.
        await markDelivered(
          pool,
          chunk.map((row) => row.identifier),
        );
        result.delivered += chunk.length;
      } catch (error) {
        await recordFailure(pool, chunk, error, result, options.gate);
      }
    }
    return result;
  }

  for (const row of rows) {
    if (result.rateLimited) break;
    await options.gate.take();
    try {
      await options.gateway.sendMeterEvent(toSend(row));
      options.afterSend?.(row.identifier);
      await markDelivered(pool, [row.identifier]);
      result.delivered += 1;
    } catch (error) {
      await recordFailure(pool, [row], error, result, options.gate);
    }
  }
  return result;
}

async function markDelivered(pool: Pool, identifiers: string[]): Promise<void> {
  await pool.query(
    `UPDATE sync_batches SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL
     WHERE identifier = ANY($1::text[]) AND status <> 'delivered'`,
    [identifiers],
  );
}

async function recordFailure(
  pool: Pool,
  rows: PendingRow[],
  error: unknown,
  result: DeliverResult,
  gate: RateGate,
): Promise<void> {
  const kind = classifyStripeError(error);
  const identifiers = rows.map((row) => row.identifier);
  const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
  if (kind === 'delivered') {
    await markDelivered(pool, identifiers);
    result.duplicates += rows.length;
    return;
  }
  if (kind === 'rejected') {
    await pool.query(
      `UPDATE sync_batches SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE identifier = ANY($1::text[])`,
      [identifiers, message],
    );
    result.rejected += rows.length;
    return;
  }
  if (kind === 'rate_limited') {
    result.rateLimited = true;
    gate.pause(1000);
  }
  const attempts = Math.max(...rows.map((row) => row.attempts)) + 1;
  await pool.query(
    `UPDATE sync_batches SET attempts = attempts + 1, last_error = $2,
            next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
     WHERE identifier = ANY($1::text[])`,
    [identifiers, message, backoffMs(attempts)],
  );
  result.retried += rows.length;
}
