import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationFileError } from './errors.js';

/** A named directory of numbered `NNNN_name.sql` files (a service's own, or a shared package's). */
export interface MigrationSource {
  name: string;
  dir: string;
}

export interface MigrationFile {
  source: string;
  version: number;
  /** The file name, e.g. `0003_add_index.sql`. */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file with line endings normalised, so a CRLF checkout is not an "edit". */
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9][a-z0-9_-]*)\.sql$/;

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads one source's migrations, sorted by version, rejecting bad names and duplicate numbers. */
export async function loadMigrationSource(source: MigrationSource): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(source.dir);
  } catch (error) {
    throw new MigrationFileError(`Migration source "${source.name}": cannot read directory ${source.dir}.`, {
      cause: error,
    });
  }
  const files: MigrationFile[] = [];
  const byVersion = new Map<number, string>();
  for (const entry of entries.sort()) {
    // Only .sql files are migrations; a README or .gitkeep beside them is fine.
    if (!entry.toLowerCase().endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(entry);
    if (!match?.[1]) {
      throw new MigrationFileError(
        `Migration source "${source.name}": file "${entry}" is badly named; expected NNNN_name.sql ` +
          '(four digits, underscore, lower-case name), e.g. 0001_create_users.sql.',
      );
    }
    const version = Number.parseInt(match[1], 10);
    if (version === 0) {
      throw new MigrationFileError(
        `Migration source "${source.name}": "${entry}" — numbering starts at 0001.`,
      );
    }
    const clash = byVersion.get(version);
    if (clash !== undefined) {
      throw new MigrationFileError(
        `Migration source "${source.name}": "${clash}" and "${entry}" share the number ${match[1]}; ` +
          'give the newer one the next free number.',
      );
    }
    byVersion.set(version, entry);
    const sql = await readFile(join(source.dir, entry), 'utf8');
    files.push({ source: source.name, version, name: entry, sql, checksum: migrationChecksum(sql) });
  }
  return files.sort((a, b) => a.version - b.version);
}

/** Loads every source in the given order; source names must be unique. */
export async function loadMigrations(sources: readonly MigrationSource[]): Promise<MigrationFile[][]> {
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.name)) {
      throw new MigrationFileError(`Migration source "${source.name}" is listed twice.`);
    }
    seen.add(source.name);
  }
  return Promise.all(sources.map(loadMigrationSource));
}
