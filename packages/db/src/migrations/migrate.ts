import type { ClientBase, Pool } from 'pg';
import { withAdvisoryLock } from '../advisory-lock.js';
import { openClient } from '../client.js';
import { ensureDatabase } from '../ensure-database.js';
import { MigrationFailedError } from './errors.js';
import { ensureLedger, readApplied, recordApplied } from './ledger.js';
import { type MigrationFile, type MigrationSource, loadMigrations } from './load.js';
import { type AppliedMigration, pendingMigrations } from './plan.js';

export const MIGRATION_LOCK_NAME = 'bulwark-migrations';

export type MigrateOptions = (
  | { connectionString: string; pool?: never }
  | { pool: Pool; connectionString?: never }
) & {
  sources: readonly MigrationSource[];
  log?: (message: string) => void;
};

/**
 * Brings a database up to date. Replicas that start together serialise on an advisory lock, so
 * each migration runs exactly once; each file runs in its own transaction together with its
 * ledger row. Files are read and validated before touching the database. Resolves to what it applied.
 */
export async function migrate(options: MigrateOptions): Promise<AppliedMigration[]> {
  const log = options.log ?? (() => {});
  const sources = await loadMigrations(options.sources);
  if (options.connectionString !== undefined) await ensureDatabase(options.connectionString);
  const session = await openSession(options);
  try {
    // The lock wait and long migrations must not hit a pool's statement_timeout.
    await session.client.query('SET statement_timeout = 0');
    const applied = await withAdvisoryLock(session.client, MIGRATION_LOCK_NAME, () =>
      applyPending(session.client, sources, log),
    );
    await session.close();
    return applied;
  } catch (error) {
    await session.close(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

async function applyPending(
  client: ClientBase,
  sources: MigrationFile[][],
  log: (message: string) => void,
): Promise<AppliedMigration[]> {
  await ensureLedger(client);
  // Read the ledger only after taking the lock: a replica that waited sees what the winner applied.
  const ledger = await readApplied(client);
  const plans = sources.map((files) => {
    const source = files[0]?.source;
    return source === undefined
      ? []
      : pendingMigrations(
          source,
          files,
          ledger.filter((row) => row.source === source),
        );
  });
  const done: AppliedMigration[] = [];
  for (const file of plans.flat()) {
    await applyOne(client, file);
    const { source, version, name, checksum } = file;
    done.push({ source, version, name, checksum });
    log(`applied migration ${source}/${name}`);
  }
  return done;
}

async function applyOne(client: ClientBase, file: MigrationFile): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(file.sql);
    await recordApplied(client, file);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(file.source, file.name, error);
  }
}

interface Session {
  client: ClientBase;
  close(error?: Error): Promise<void>;
}

/** A connection used only by the migrator: its own client, or one borrowed from the pool and reset. */
async function openSession(options: MigrateOptions): Promise<Session> {
  if (options.pool) {
    const client = await options.pool.connect();
    return {
      client,
      async close(error) {
        if (!error) {
          try {
            await client.query('RESET statement_timeout');
          } catch (resetError) {
            client.release(resetError instanceof Error ? resetError : true);
            return;
          }
        }
        // After a failure the session state is unknown: destroy rather than reuse the connection.
        client.release(error ?? undefined);
      },
    };
  }
  const client = await openClient(options.connectionString, 'bulwark-migrate');
  return {
    client,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}
