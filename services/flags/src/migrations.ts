import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const flagsMigrations: MigrationSource = {
  name: 'flags',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};

/** Everything `bulwark_flags` needs before Unleash runs its own migrations in schema `unleash`. */
export const migrationSources: MigrationSource[] = [outboxMigrations, flagsMigrations];
