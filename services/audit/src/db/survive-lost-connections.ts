import type { Pool } from 'pg';

/**
 * pg emits 'error' on a client whose backend dies (pg_terminate_backend, a pooler or Postgres
 * restart). The pool listens only while a client is idle; on a checked-out client (a transaction
 * in progress, a checkpoint being signed) nobody does, and the unhandled 'error' event kills the
 * process. With a listener on every client the error only fails the statement in flight (and the
 * next one), which the caller already handles: a batch retries, a timer tick is retried.
 * (seen in `test/pg-pool-restart.test.ts`: a worker died on `57P01` before this.)
 */
export function surviveLostConnections(
  pool: Pool,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): void {
  pool.on('connect', (client) => {
    client.on('error', (error: Error) => {
      log(`[audit] pooled Postgres connection lost while in use: ${error.message}`);
    });
  });
}
