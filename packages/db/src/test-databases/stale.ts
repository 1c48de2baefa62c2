import { withClient } from '../client.js';
import { maintenanceUrl } from '../connection-string.js';
import { dropDatabase } from './clone.js';
import { createdAtOf } from './names.js';

export interface DropStaleOptions {
  baseUrl: string;
  /** Only databases created longer ago than this are dropped, so a concurrent run's live ones survive. */
  olderThanMinutes?: number;
  now?: Date;
}

/** Removes clones and half-built templates left behind by crashed test runs. Resolves to the names dropped. */
export async function dropStaleTestDatabases(options: DropStaleOptions): Promise<string[]> {
  const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMinutes ?? 60) * 60_000;
  const candidates = await withClient(maintenanceUrl(options.baseUrl), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, 'bulwark_test_') OR starts_with(datname, 'bulwark_tplbuild_')",
    );
    return rows.map((row) => row.datname);
  });
  const stale = candidates.filter((name) => {
    const createdAt = createdAtOf(name);
    return createdAt !== undefined && createdAt.getTime() < cutoff;
  });
  for (const name of stale) await dropDatabase(options.baseUrl, name);
  return stale;
}
