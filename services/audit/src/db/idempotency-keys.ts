import { createHash } from 'node:crypto';
import { DomainError, ValidationError } from '@bulwark/core';
import type { ClientBase } from 'pg';

export interface IdempotencyClaim {
  tenantId: string;
  operation: string;
  key: string;
  request: unknown;
  /** The id the caller is about to create under this key. */
  resourceId: string;
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
 * Claims an Idempotency-Key inside the caller's transaction. Returns null when the key is new (go
 * ahead and create `resourceId`), or the id created by the first request with this key and body.
 * A concurrent duplicate blocks on the primary key until the first commits, then replays it.
 */
export async function claimIdempotencyKey(
  client: ClientBase,
  claim: IdempotencyClaim,
): Promise<string | null> {
  const hash = createHash('sha256')
    .update(`${claim.operation}\n${JSON.stringify(claim.request)}`)
    .digest('hex');
  const inserted = await client.query(
    `INSERT INTO idempotency_keys (tenant_id, operation, key, request_hash, resource_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [claim.tenantId, claim.operation, claim.key, hash, claim.resourceId],
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
