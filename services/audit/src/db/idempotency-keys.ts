import { createHash } from 'node:crypto';
import { DomainError, ValidationError } from '@bulwark/core';
import type { ClientBase, Pool } from 'pg';

export interface IdempotencyClaim {
  tenantId: string;
  operation: string;
  key: string;
  request: unknown;
  /** The id the caller is about to create under this key. */
  resourceId: string;
  /** How long the key counts; after that the same key is a new request. */
  ttlSeconds: number;
}

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > 255) {
    throw new ValidationError('Idempotency-Key must be 1-255 characters.', [
      { field: '/headers/idempotency-key', message: 'length 1-255' },
    ]);
  }
  return key;
}

/**
 * Claims an Idempotency-Key inside the caller's transaction. Returns null when the key is new or
 * expired (go ahead and create `resourceId`; an expired record is replaced), or the id created by
 * the first request with this key and body. A concurrent duplicate blocks on the primary key until
 * the first commits, then replays it.
 */
export async function claimIdempotencyKey(
  client: ClientBase,
  claim: IdempotencyClaim,
): Promise<string | null> {
  const hash = createHash('sha256')
    .update(`${claim.operation}\n${JSON.stringify(claim.request)}`)
    .digest('hex');
  const inserted = await client.query(
    `INSERT INTO idempotency_keys (tenant_id, operation, key, request_hash, resource_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::int))
     ON CONFLICT (tenant_id, operation, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, resource_id = EXCLUDED.resource_id,
           created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= now()`,
    [claim.tenantId, claim.operation, claim.key, hash, claim.resourceId, claim.ttlSeconds],
  );
  if (inserted.rowCount === 1) return null;
  const found = await client.query<{ request_hash: string; resource_id: string }>(
    'SELECT request_hash, resource_id FROM idempotency_keys WHERE tenant_id = $1 AND operation = $2 AND key = $3',
    [claim.tenantId, claim.operation, claim.key],
  );
  const row = found.rows[0];
  if (!row || row.request_hash !== hash) {
    throw new DomainError(
      'idempotency_conflict',
      'This Idempotency-Key was already used for a different request.',
    );
  }
  return row.resource_id;
}

/**
 * Deletes expired keys, at most `limit` per call so one sweep never holds many row locks; a
 * periodic caller catches up over several ticks. Returns how many went.
 */
export async function deleteExpiredIdempotencyKeys(db: Pool | ClientBase, limit = 10_000): Promise<number> {
  const result = await db.query(
    `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
       SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT $1))`,
    [limit],
  );
  return result.rowCount ?? 0;
}
