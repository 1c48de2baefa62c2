import { createHash, randomBytes } from 'node:crypto';
import type { MigrationFile } from '../migrations/load.js';

/**
 * Naming scheme for test databases. Clones and in-progress template builds carry their creation
 * time (base-36 ms) so a later run can tell a crashed run's leftovers from a live neighbour's.
 */
export const TEMPLATE_PREFIX = 'bulwark_tpl_';
export const CLONE_PREFIX = 'bulwark_test_';
export const BUILD_PREFIX = 'bulwark_tplbuild_';

/** `bulwark_tpl_<hash12>`: same migrations (sources, file names, contents) ⇒ same template. */
export function templateNameFor(sources: readonly (readonly MigrationFile[])[]): string {
  const hash = createHash('sha256');
  for (const files of sources) {
    for (const file of files) hash.update(`${file.source}\0${file.name}\0${file.checksum}\n`);
    hash.update('\x01');
  }
  return `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 12)}`;
}

function uniqueSuffix(now: number): string {
  return `${now.toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A fresh clone name: unique across processes and runs (time + pid + random). */
export function newTestDatabaseName(now = Date.now()): string {
  return `${CLONE_PREFIX}${uniqueSuffix(now)}`;
}

export function newBuildDatabaseName(templateName: string, now = Date.now()): string {
  return `${BUILD_PREFIX}${templateName.slice(TEMPLATE_PREFIX.length)}_${uniqueSuffix(now)}`;
}

/** Creation time encoded in a clone or build name, or undefined for any other database. */
export function createdAtOf(databaseName: string): Date | undefined {
  const match = /^bulwark_(?:test|tplbuild_[0-9a-f]{12})_([0-9a-z]+)_\d+_[0-9a-f]{8}$/.exec(databaseName);
  if (!match?.[1]) return undefined;
  const ms = Number.parseInt(match[1], 36);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
