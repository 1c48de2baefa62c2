import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const authMigrations: MigrationSource = {
  name: 'auth',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};

/** Everything auth's database needs: the shared outbox table, then auth's own tables. */
export const authMigrationSources: readonly MigrationSource[] = [outboxMigrations, authMigrations];
