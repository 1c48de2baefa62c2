import type { ClientBase } from 'pg';
import type { AppliedMigration } from './plan.js';

/** The table recording what ran. Keyed by source so shared packages can ship their own migrations. */
export async function ensureLedger(client: ClientBase): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS bulwark_migrations (
      source     text        NOT NULL,
      version    integer     NOT NULL,
      name       text        NOT NULL,
      checksum   text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source, version)
    )`);
}

export async function readApplied(client: ClientBase): Promise<AppliedMigration[]> {
  const result = await client.query<AppliedMigration>(
    'SELECT source, version, name, checksum FROM bulwark_migrations ORDER BY source, version',
  );
  return result.rows;
}

export async function recordApplied(client: ClientBase, migration: AppliedMigration): Promise<void> {
  await client.query(
    'INSERT INTO bulwark_migrations (source, version, name, checksum) VALUES ($1, $2, $3, $4)',
    [migration.source, migration.version, migration.name, migration.checksum],
  );
}
