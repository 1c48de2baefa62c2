import type { Pool } from 'pg';
import { deleteExpiredIdempotencyKeys } from '../../db/idempotency-keys.js';
import { clearExpiredPreviousSecrets } from '../../db/sinks-sql.js';

/**
 * Housekeeping of the sink API's time-limited records: expired Idempotency-Keys are deleted, and
 * previous signing secrets whose overlap window is over are forgotten (they already stopped
 * signing; this removes the ciphertext). Reads already ignore both once expired, so a late sweep
 * only costs space.
 */
export async function expireSinkRecords(
  pool: Pool,
): Promise<{ idempotencyKeys: number; previousSecrets: number }> {
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(pool);
  const previousSecrets = await clearExpiredPreviousSecrets(pool);
  return { idempotencyKeys, previousSecrets };
}
