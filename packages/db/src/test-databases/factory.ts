import type { MigrationSource } from '../migrations/load.js';
import { type TestDatabase, cloneDatabase } from './clone.js';
import { dropStaleTestDatabases } from './stale.js';
import { type TemplateDatabase, prepareTemplate } from './template.js';

export interface TestDatabaseFactory {
  /** The migrated template; built at most once per factory (and once per server across processes). */
  template(): Promise<TemplateDatabase>;
  /** A fresh database cloned from the template. */
  clone(): Promise<TestDatabase>;
  dropStale(olderThanMinutes?: number): Promise<string[]>;
}

export function createTestDatabaseFactory(options: {
  baseUrl: string;
  sources: readonly MigrationSource[];
  log?: (message: string) => void;
}): TestDatabaseFactory {
  let template: Promise<TemplateDatabase> | undefined;
  const factory: TestDatabaseFactory = {
    template() {
      // A failed build is not cached: the next call tries again.
      template ??= prepareTemplate(options).catch((error: unknown) => {
        template = undefined;
        throw error;
      });
      return template;
    },
    async clone() {
      return cloneDatabase(await factory.template());
    },
    dropStale(olderThanMinutes = 60) {
      return dropStaleTestDatabases({ baseUrl: options.baseUrl, olderThanMinutes });
    },
  };
  return factory;
}
