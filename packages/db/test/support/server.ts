import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, newTestDatabaseName, withDatabase } from '../../src/index.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database name (not yet created) that no other test or run uses; dropped by `cleanup`. */
export function scratchDatabase(): { name: string; url: string; drop: () => Promise<void> } {
  const name = newTestDatabaseName();
  return { name, url: withDatabase(SERVER_URL, name), drop: () => dropDatabase(SERVER_URL, name) };
}

/** Writes migration files into a fresh temp directory. */
export async function migrationDir(
  files: Record<string, string>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
