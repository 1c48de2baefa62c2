import type { Pool } from 'pg';
import type { Kek } from './kek.js';
import { insertSignedCheckpoint } from './sign-checkpoint.js';
import { activeSigner } from './signing-key.js';

export interface CheckpointOptions {
  /** Only these tenants (default: every tenant whose head moved since its last checkpoint). */
  tenantIds?: string[];
}

/**
 * Signs the current head of each chain that moved since its last checkpoint. Runs under a
 * transaction-level advisory lock so several workers scheduling it at once produce one set.
 * Returns how many checkpoints were written.
 */
export async function createCheckpoints(
  pool: Pool,
  kek: Kek,
  options: CheckpointOptions = {},
): Promise<number> {
  const signer = await activeSigner(pool, kek);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtext('bulwark_audit_checkpoints')) AS ok",
    );
    if (!locked.rows[0]?.ok) {
      await client.query('ROLLBACK');
      return 0;
    }
    const heads = await client.query<{ tenant_id: string; seq: string; hash: string }>(
      `SELECT h.tenant_id, h.seq, h.hash FROM chain_heads h
       WHERE h.seq > 0 AND ($1::text[] IS NULL OR h.tenant_id = ANY($1::text[]))
         AND h.seq > COALESCE((SELECT max(c.seq) FROM checkpoints c WHERE c.tenant_id = h.tenant_id), 0)`,
      [options.tenantIds ?? null],
    );
    const createdAt = new Date().toISOString();
    for (const head of heads.rows) {
      await insertSignedCheckpoint(client, signer, {
        tenant_id: head.tenant_id,
        seq: Number(head.seq),
        hash: head.hash,
        kind: 'periodic',
        created_at: createdAt,
      });
    }
    await client.query('COMMIT');
    return heads.rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
