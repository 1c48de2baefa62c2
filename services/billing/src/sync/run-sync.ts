import type { Pool } from 'pg';
import type { StripeGateway } from '../stripe/stripe-gateway.js';
import { type DeliverResult, deliverBatches } from './deliver-batches.js';
import { planBatches } from './plan-batches.js';
import type { RateGate } from './rate-gate.js';

export interface SyncOptions {
  gateway: StripeGateway;
  gate: RateGate;
  windowSeconds: number;
  graceSeconds: number;
  now?: () => Date;
  streamThreshold?: number;
  afterSend?: (identifier: string) => void;
}

/** One sync pass: resend anything left pending (crash recovery needs nothing else), plan, send. */
export async function runSyncOnce(
  pool: Pool,
  options: SyncOptions,
): Promise<DeliverResult & { planned: number }> {
  const now = options.now ?? (() => new Date());
  const planned = await planBatches(pool, {
    windowSeconds: options.windowSeconds,
    graceSeconds: options.graceSeconds,
    now: now(),
  });
  const delivered = await deliverBatches(pool, {
    gateway: options.gateway,
    gate: options.gate,
    now,
    ...(options.streamThreshold !== undefined && { streamThreshold: options.streamThreshold }),
    ...(options.afterSend && { afterSend: options.afterSend }),
  });
  return { ...delivered, planned };
}

/**
 * Runs passes until nothing is pending or `maxPasses` is reached, waiting for backoffs in between;
 * used by tests and by `--sync-now`. The long-running worker calls `runSyncOnce` on an interval.
 */
export async function syncUntilSettled(
  pool: Pool,
  options: SyncOptions & { maxPasses?: number; ignoreBackoff?: boolean },
): Promise<void> {
  for (let pass = 0; pass < (options.maxPasses ?? 50); pass++) {
    await runSyncOnce(pool, options);
    const { rows } = await pool.query<{ pending: string }>(
      `SELECT count(*) AS pending FROM sync_batches WHERE status = 'pending'`,
    );
    if (Number(rows[0]?.pending ?? 0) === 0) return;
    if (options.ignoreBackoff) {
      await pool.query(`UPDATE sync_batches SET next_attempt_at = now() WHERE status = 'pending'`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error('sync did not settle');
}
