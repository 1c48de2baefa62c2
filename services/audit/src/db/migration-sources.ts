import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const auditMigrations: MigrationSource = {
  name: 'audit',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};

/**
 * The reconciler's own state, a source of its own (`migrations/reconcile/`) so its numbering never
 * collides with the store's migrations.
 */
export const reconcileMigrations: MigrationSource = {
  name: 'audit-reconcile',
  dir: fileURLToPath(new URL('../../migrations/reconcile', import.meta.url)),
};

/** The outbox (ingest writes there, the relay moves it to BullMQ), the store itself, the reconciler's state. */
export const migrationSources: readonly MigrationSource[] = [
  outboxMigrations,
  auditMigrations,
  reconcileMigrations,
];
