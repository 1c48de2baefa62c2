import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@bulwark/db';
import { outboxMigrations } from '@bulwark/queue';

export const auditMigrations: MigrationSource = {
  name: 'audit',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};

/** The outbox (ingest writes there, the relay moves it to BullMQ) plus the store itself. */
export const migrationSources: readonly MigrationSource[] = [outboxMigrations, auditMigrations];
