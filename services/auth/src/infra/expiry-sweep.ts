import type { Pool } from './db-types.js';

export interface SweepResult {
  idempotencyKeys: number;
  assertionJtis: number;
}

/**
 * Deletes rows whose purpose has expired: `Idempotency-Key` responses older than the replay window
 * (`AUTH_IDEMPOTENCY_TTL`; lookups already ignore them) and used client-assertion jtis past their
 * assertion's `exp` (an expired assertion is refused before its jti is checked). Idempotent and
 * safe to run on every replica at once; server.ts runs it with the key maintenance every minute.
 */
export async function sweepExpired(pool: Pool, idempotencyTtlSeconds: number): Promise<SweepResult> {
  const keys = await pool.query(
    'DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(secs => $1)',
    [idempotencyTtlSeconds],
  );
  const jtis = await pool.query('DELETE FROM used_assertion_jtis WHERE expires_at < now()');
  return { idempotencyKeys: keys.rowCount ?? 0, assertionJtis: jtis.rowCount ?? 0 };
}
