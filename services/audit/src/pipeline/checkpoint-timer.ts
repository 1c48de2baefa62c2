import type { Pool } from 'pg';
import { createCheckpoints } from '../domain/checkpoints/create-checkpoints.js';
import type { Kek } from '../domain/checkpoints/kek.js';
import { createUpcomingPartitions } from '../db/partitions.js';
import { expireSinkRecords } from '../domain/sinks/expire-sink-records.js';

/**
 * Periodic housekeeping of a worker process: signed checkpoints of every moved chain head, the
 * next months' partitions, and expired sink records (Idempotency-Keys, rotated-out secrets).
 * Each tick is independent; a failed tick is reported and retried on the next one.
 */
export function startCheckpointTimer(
  pool: Pool,
  kek: Kek,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      await createCheckpoints(pool, kek);
      await createUpcomingPartitions(pool, 3);
      await expireSinkRecords(pool);
    })().catch(onError);
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
