import pg from 'pg';

/** Double-quotes a Postgres identifier (database names may need it; never splice raw names). */
export const quoteIdent: (name: string) => string = pg.escapeIdentifier;

/** The database a connection string points at, or undefined when it names none. */
export function databaseNameOf(connectionString: string): string | undefined {
  const path = new URL(connectionString).pathname.replace(/^\//, '');
  return path === '' ? undefined : decodeURIComponent(path);
}

/** The same server, user and options, pointed at another database. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The `postgres` maintenance database on the same server: where CREATE/DROP DATABASE run. */
export function maintenanceUrl(connectionString: string): string {
  return withDatabase(connectionString, 'postgres');
}
