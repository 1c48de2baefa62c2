import type { Client } from 'pg';
import { withAdvisoryLock } from '../advisory-lock.js';
import { withClient } from '../client.js';
import { maintenanceUrl, quoteIdent, withDatabase } from '../connection-string.js';
import { type MigrationSource, loadMigrations } from '../migrations/load.js';
import { migrate } from '../migrations/migrate.js';
import { retryWhileBusy } from './busy-retry.js';
import { BUILD_PREFIX, TEMPLATE_PREFIX, newBuildDatabaseName, templateNameFor } from './names.js';

export interface TemplateDatabase {
  name: string;
  /** Any URL of the server (its database part is ignored); clones are made beside the template. */
  baseUrl: string;
}

export interface PrepareTemplateOptions {
  baseUrl: string;
  sources: readonly MigrationSource[];
  log?: (message: string) => void;
}

/**
 * Returns a fully migrated template database for these migrations, building it if needed. Parallel
 * vitest workers and concurrent test runs build it once: builders serialise on an advisory lock
 * and migrate into a temporary database that is renamed into place only when complete, so a
 * crashed builder never leaves a half-migrated template behind.
 */
export async function prepareTemplate(options: PrepareTemplateOptions): Promise<TemplateDatabase> {
  const name = templateNameFor(await loadMigrations(options.sources));
  const admin = maintenanceUrl(options.baseUrl);
  const template: TemplateDatabase = { name, baseUrl: options.baseUrl };
  await withClient(
    admin,
    async (client) => {
      if (await exists(client, name)) return;
      await client.query('SET statement_timeout = 0');
      await withAdvisoryLock(client, `bulwark-template:${name}`, async () => {
        if (await exists(client, name)) return;
        await dropAbandonedBuilds(client, name);
        const build = newBuildDatabaseName(name);
        await client.query(`CREATE DATABASE ${quoteIdent(build)}`);
        // migrate() opens and closes its own connection, so nothing stays connected to the build.
        const buildOptions = {
          connectionString: withDatabase(options.baseUrl, build),
          sources: options.sources,
        };
        await migrate(options.log ? { ...buildOptions, log: options.log } : buildOptions);
        await retryWhileBusy(() =>
          client.query(`ALTER DATABASE ${quoteIdent(build)} RENAME TO ${quoteIdent(name)}`),
        );
        // No connections allowed: a stray session on the template would make every clone fail.
        await client.query(
          `ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`,
        );
        options.log?.(`built test template ${name}`);
      });
    },
    'bulwark-template',
  );
  return template;
}

/** Drops a template (tests of this package; normally templates are kept and reused across runs). */
export async function dropTemplateDatabase(template: TemplateDatabase): Promise<void> {
  await withClient(maintenanceUrl(template.baseUrl), async (client) => {
    if (!(await exists(client, template.name))) return;
    await client.query(`ALTER DATABASE ${quoteIdent(template.name)} WITH IS_TEMPLATE false`);
    await retryWhileBusy(() =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template.name)} WITH (FORCE)`),
    );
  });
}

async function exists(client: Client, name: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return found.rowCount !== 0;
}

/** Leftovers of a builder that crashed mid-build. Safe to drop: we hold this template's build lock. */
async function dropAbandonedBuilds(client: Client, templateName: string): Promise<void> {
  const prefix = `${BUILD_PREFIX}${templateName.slice(TEMPLATE_PREFIX.length)}_`;
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [prefix],
  );
  for (const row of rows) {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(row.datname)} WITH (FORCE)`);
  }
}
