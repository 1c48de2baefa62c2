import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';

/**
 * A stable signed 64-bit advisory-lock key for a name (first 8 bytes of its SHA-256), as a string
 * because it does not fit a JS number. Advisory locks are scoped to the current database.
 */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Holds a session-level advisory lock on `client` while `fn` runs. Waits as long as it takes: the
 * holder is doing work (a migration) that the waiter needs finished anyway. If the holder's
 * connection dies, Postgres releases the lock.
 */
export async function withAdvisoryLock<T>(
  client: ClientBase,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  const key = advisoryLockKey(name);
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    // Keep the original error: if the connection died, unlocking fails too (and is moot).
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    throw error;
  }
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  return result;
}
