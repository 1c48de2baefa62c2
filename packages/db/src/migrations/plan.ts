import { MigrationChecksumError, MigrationHistoryError } from './errors.js';
import type { MigrationFile } from './load.js';

export interface AppliedMigration {
  source: string;
  version: number;
  name: string;
  checksum: string;
}

/**
 * Compares one source's files with what the ledger says was applied and returns the files still
 * to run, in order. Throws when history and disk disagree: silently "fixing" either side would
 * leave databases that ran different SQL under the same version.
 */
export function pendingMigrations(
  source: string,
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationFile[] {
  const fileByVersion = new Map(files.map((file) => [file.version, file]));
  const appliedVersions = new Set<number>();
  for (const row of applied) {
    appliedVersions.add(row.version);
    const file = fileByVersion.get(row.version);
    if (file === undefined || file.name !== row.name) {
      const moved = files.find((candidate) => candidate.name.slice(5) === row.name.slice(5));
      const now = moved
        ? `it now appears as "${moved.name}" (renumbered)`
        : file
          ? `number ${pad(row.version)} now belongs to "${file.name}"`
          : 'it is missing';
      throw new MigrationHistoryError(
        `Migration ${source}/${row.name} was applied to this database but ${now}. ` +
          'Applied migrations must keep their file name and number: restore the file and add new changes as a new migration.',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationChecksumError(source, file.name, row.checksum, file.checksum);
    }
  }
  const latest = Math.max(0, ...appliedVersions);
  const pending = files.filter((file) => !appliedVersions.has(file.version));
  const late = pending.find((file) => file.version < latest);
  if (late) {
    throw new MigrationHistoryError(
      `Migration ${source}/${late.name} is numbered before ${pad(latest)}, which is already applied. ` +
        `Renumber it after the latest applied migration (${pad(latest + 1)} or later).`,
    );
  }
  return pending;
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}
