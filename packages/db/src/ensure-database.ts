import { withClient } from './client.js';
import { databaseNameOf, maintenanceUrl, quoteIdent } from './connection-string.js';
import { PG_ERROR, hasPgErrorCode } from './pg-errors.js';

/**
 * Creates the database named by `connectionString` when it does not exist, by connecting to the
 * `postgres` maintenance database of the same server. Safe when several processes call it at once:
 * the loser of the race sees 42P04 (or 23505 from the catalog's unique index) and treats it as done.
 * Resolves to true only for the caller that actually created it.
 */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  const name = databaseNameOf(connectionString);
  if (name === undefined || name === 'postgres') return false;
  return withClient(maintenanceUrl(connectionString), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      if (hasPgErrorCode(error, PG_ERROR.duplicateDatabase, PG_ERROR.uniqueViolation)) return false;
      throw error;
    }
  });
}

/** Whether a database of that name exists on the server of `connectionString`. */
export async function databaseExists(connectionString: string, name: string): Promise<boolean> {
  return withClient(maintenanceUrl(connectionString), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return found.rowCount !== 0;
  });
}
