import { createHash } from 'node:crypto';
import { DomainError, ValidationError } from '@bulwark/core';
import type { ClientBase } from 'pg';

export interface IdempotencyInput {
  tenantId: string;
  key: string | undefined;
  operation: string;
  request: unknown;
}

/**
 * Runs `create` once per Idempotency-Key, inside the caller's transaction. The key row is inserted
 * first: a concurrent duplicate waits on its unique index, then sees the committed first answer and
 * replays it. The same key with a different body is a 409, as in the IETF draft.
 */
export async function idempotent<T>(
  client: ClientBase,
  input: IdempotencyInput,
  create: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  if (input.key === undefined) return { value: await create(), replayed: false };
  if (input.key.length === 0 || input.key.length > 255) {
    throw new ValidationError('Idempotency-Key must be 1-255 characters.', [
      { field: '/headers/idempotency-key', message: 'length 1-255' },
    ]);
  }
  const hash = createHash('sha256')
    .update(`${input.operation}\n${JSON.stringify(input.request)}`)
    .digest('hex');
  const inserted = await client.query(
    `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, key) DO NOTHING`,
    [input.tenantId, input.key, input.operation, hash],
  );
  if (inserted.rowCount === 0) {
    const { rows } = await client.query<{ request_hash: string; response_body: T | null }>(
      'SELECT request_hash, response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
      [input.tenantId, input.key],
    );
    const row = rows[0];
    if (!row || row.request_hash !== hash || row.response_body === null) {
      throw new DomainError(
        'idempotency_conflict',
        'This Idempotency-Key was already used for a different request.',
      );
    }
    return { value: row.response_body, replayed: true };
  }
  const value = await create();
  await client.query(
    'UPDATE idempotency_keys SET response_code = 201, response_body = $3 WHERE tenant_id = $1 AND key = $2',
    [input.tenantId, input.key, JSON.stringify(value)],
  );
  return { value, replayed: false };
}
