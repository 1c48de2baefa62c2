import {
  type MigrationSource,
  type TestDatabase,
  cloneDatabase,
  createPool,
  dropStaleTestDatabases,
  prepareTemplate,
} from '@bulwark/db';
import type { Pool } from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** The server test databases live on: TEST_DATABASE_URL, else DATABASE_URL, else local trust auth. */
export function testDatabaseServerUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface UseTestDatabaseOptions {
  baseUrl?: string;
  /** Pool size for this file's pool (default 5; the machine is small and files run in parallel). */
  poolMax?: number;
}

export interface TestDatabaseHandle {
  /** Valid from beforeAll on. */
  readonly url: string;
  readonly name: string;
  readonly pool: Pool;
}

let staleSweep: Promise<unknown> | undefined;

/**
 * Call at the top of a vitest file: before the file's tests run, this file gets its own database
 * cloned from a template migrated with `sources`, plus a pool; after them, both are closed and dropped.
 */
export function useTestDatabase(
  sources: readonly MigrationSource[],
  options: UseTestDatabaseOptions = {},
): TestDatabaseHandle {
  const baseUrl = options.baseUrl ?? testDatabaseServerUrl();
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;

  beforeAll(async () => {
    // Once per worker, best effort: clear clones that crashed runs left behind (older than an hour,
    // so a concurrent run's databases are never touched).
    staleSweep ??= dropStaleTestDatabases({ baseUrl, olderThanMinutes: 60 }).catch(() => undefined);
    await staleSweep;
    const template = await prepareTemplate({ baseUrl, sources });
    database = await cloneDatabase(template);
    pool = createPool({
      connectionString: database.url,
      max: options.poolMax ?? 5,
      applicationName: 'bulwark-test',
    });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`useTestDatabase: ${what} is available only inside tests and hooks, after beforeAll.`);
    }
    return value;
  };
  return {
    get url() {
      return ready(database, 'url').url;
    },
    get name() {
      return ready(database, 'name').name;
    },
    get pool() {
      return ready(pool, 'pool');
    },
  };
}
