import { withClient } from '../client.js';
import { maintenanceUrl, quoteIdent, withDatabase } from '../connection-string.js';
import { retryWhileBusy } from './busy-retry.js';
import { newTestDatabaseName } from './names.js';
import type { TemplateDatabase } from './template.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** Terminates its connections and drops it. Idempotent. */
  drop(): Promise<void>;
}

/** A fresh database copied from the template: cheap (file copy, no migrations), unique per call. */
export async function cloneDatabase(template: TemplateDatabase): Promise<TestDatabase> {
  const name = newTestDatabaseName();
  await withClient(
    maintenanceUrl(template.baseUrl),
    (client) =>
      retryWhileBusy(() =>
        client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template.name)}`),
      ),
    'bulwark-test-clone',
  );
  return {
    name,
    url: withDatabase(template.baseUrl, name),
    drop: () => dropDatabase(template.baseUrl, name),
  };
}

/** `DROP DATABASE … WITH (FORCE)` terminates any session still connected (a leaked pool) first. */
export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  await withClient(
    maintenanceUrl(baseUrl),
    (client) =>
      retryWhileBusy(() => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)),
    'bulwark-test-drop',
  );
}
