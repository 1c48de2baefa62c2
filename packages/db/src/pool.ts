import pg from 'pg';

export interface CreatePoolOptions {
  connectionString: string;
  /** Upper bound of open connections. */
  max?: number;
  /** Shows up in `pg_stat_activity.application_name`, which makes incidents traceable. */
  applicationName?: string;
  /** Server-side cap per statement; 0 disables. Guards against a runaway query holding a connection. */
  statementTimeoutMs?: number;
  idleTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Called when an idle pooled connection dies (server restart, network). Defaults to a stderr line. */
  onIdleError?: (error: Error) => void;
}

const defaultIdleErrorHandler = (error: Error): void => {
  process.stderr.write(`[@bulwark/db] idle connection error (the pool will reconnect): ${error.message}\n`);
};

export function createPool(options: CreatePoolOptions): pg.Pool {
  const statementTimeout = Math.max(0, Math.trunc(options.statementTimeoutMs ?? 30_000));
  const pool = new pg.Pool({
    connectionString: withStartupOption(options.connectionString, `-c statement_timeout=${statementTimeout}`),
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'bulwark',
    keepAlive: true,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  // Without a listener, an idle client's socket error is an unhandled 'error' event and kills the
  // process. The pool already discards the broken client; we only need to report it.
  pool.on('error', options.onIdleError ?? defaultIdleErrorHandler);
  // The pool listens only while a client is idle. A checked-out client whose backend dies
  // (pg_terminate_backend, a Postgres or pooler restart) would emit an unhandled 'error' and kill the
  // process; with this listener the error only fails the statement in flight, which callers handle.
  pool.on('connect', (client) => {
    client.on('error', (error: Error) => {
      process.stderr.write(`[@bulwark/db] connection lost while in use: ${error.message}\n`);
    });
  });
  return pool;
}

/**
 * `pg` lets an `options=` query parameter in the URL replace the `options` config entirely, so
 * ours goes into the URL, before the operator's own flags (a later `-c` wins in Postgres).
 */
function withStartupOption(connectionString: string, option: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return connectionString;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return connectionString;
  const existing = url.searchParams.get('options');
  url.searchParams.set('options', existing ? `${option} ${existing}` : option);
  return url.toString();
}
