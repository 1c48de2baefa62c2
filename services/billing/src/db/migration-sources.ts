import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const billingMigrations: MigrationSource = {
  name: 'billing',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};

/** Everything billing's database needs: the shared audit outbox, then billing's own tables. */
export const BILLING_MIGRATION_SOURCES: readonly MigrationSource[] = [outboxMigrations, billingMigrations];
