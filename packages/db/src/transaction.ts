import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { PG_ERROR, hasPgErrorCode } from './pg-errors.js';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Extra attempts after a serialization failure (40001) or deadlock (40P01). Default 0. */
  retries?: number;
}

const BEGIN: Record<IsolationLevel, string> = {
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
};

/** Errors after which running the whole transaction again is expected to succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  return hasPgErrorCode(error, PG_ERROR.serializationFailure, PG_ERROR.deadlockDetected);
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one pooled client, rolls back when it throws, and always
 * returns the client to the pool. With `retries`, the whole of `fn` runs again after a
 * serialization failure or deadlock, so `fn` must be safe to repeat (no side effects outside SQL).
 */
export async function withTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = Math.max(0, options.retries ?? 0);
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(pool, fn, options.isolation ?? 'read committed');
    if (outcome.ok) return outcome.value;
    if (attempt >= retries || !isRetryableTransactionError(outcome.error)) throw outcome.error;
    // Jitter so two conflicting callers do not collide again in lockstep.
    await sleep(5 + Math.random() * 20 * (attempt + 1));
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function attemptOnce<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  isolation: IsolationLevel,
): Promise<Outcome<T>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(BEGIN[isolation]);
    const value = await fn(client);
    await client.query('COMMIT');
    return { ok: true, value };
  } catch (error) {
    broken = await rollback(client);
    return { ok: false, error };
  } finally {
    client.release(broken);
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    // A connection that cannot even roll back is unusable: hand it back as broken so it is destroyed.
    return error instanceof Error ? error : new Error(String(error));
  }
}
