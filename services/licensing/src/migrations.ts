import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const licensingMigrations: MigrationSource = {
  name: 'licensing',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};

/** Everything the licensing database needs, in order. */
export const migrationSources: MigrationSource[] = [outboxMigrations, licensingMigrations];
