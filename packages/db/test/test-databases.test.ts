import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type TemplateDatabase,
  cloneDatabase,
  createTestDatabaseFactory,
  createdAtOf,
  databaseExists,
  dropStaleTestDatabases,
  dropTemplateDatabase,
  ensureDatabase,
  newTestDatabaseName,
  prepareTemplate,
  withDatabase,
} from '../src/index.js';
import { SERVER_URL, migrationDir } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Migrations unique to this run, so the template is ours alone and can be dropped afterwards. */
async function uniqueSources() {
  const source = await migrationDir({
    '0001_things.sql': `-- run ${randomUUID()}\nCREATE TABLE things (id int PRIMARY KEY, label text);`,
    '0002_seed.sql': "INSERT INTO things VALUES (1, 'seeded');",
  });
  cleanups.push(source.remove);
  return [{ name: 'svc', dir: source.dir }];
}

function trackTemplate(template: TemplateDatabase): TemplateDatabase {
  cleanups.push(() => dropTemplateDatabase(template));
  return template;
}

describe('test databases from a template', () => {
  it('builds the template once under concurrent callers and names it after the migrations', async () => {
    const sources = await uniqueSources();
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    const templates = await Promise.all([
      prepareTemplate({ baseUrl: SERVER_URL, sources, log }),
      prepareTemplate({ baseUrl: SERVER_URL, sources, log }),
      prepareTemplate({ baseUrl: SERVER_URL, sources, log }),
    ]);
    const template = trackTemplate(templates[0] as TemplateDatabase);
    expect(new Set(templates.map((t) => t.name)).size).toBe(1);
    expect(template.name).toMatch(/^bulwark_tpl_[0-9a-f]{12}$/);
    expect(logs.filter((m) => m.startsWith('built test template'))).toHaveLength(1);
    expect(logs.filter((m) => m.startsWith('applied migration'))).toHaveLength(2);
    // Nothing is left connected to it, and no half-built database is left behind.
    const leftovers = await rows(
      withDatabase(SERVER_URL, 'postgres'),
      `SELECT datname FROM pg_database WHERE datname LIKE 'bulwark\\_tplbuild\\_${template.name.slice(12)}%'`,
    );
    expect(leftovers).toEqual([]);
  });

  it('clones independent, migrated databases, and drop removes them even with open connections', async () => {
    const template = trackTemplate(
      await prepareTemplate({ baseUrl: SERVER_URL, sources: await uniqueSources() }),
    );
    const [a, b] = await Promise.all([cloneDatabase(template), cloneDatabase(template)]);
    if (!a || !b) throw new Error('clone failed');
    cleanups.push(a.drop, b.drop);
    expect(a.name).not.toBe(b.name);
    expect(a.name).toMatch(/^bulwark_test_/);

    expect(await rows(a.url, 'SELECT id, label FROM things')).toEqual([{ id: 1, label: 'seeded' }]);
    await rows(a.url, "INSERT INTO things VALUES (2, 'only in a')");
    expect(await rows(b.url, 'SELECT count(*)::int AS n FROM things')).toEqual([{ n: 1 }]);
    expect(await rows(b.url, 'SELECT count(*)::int AS n FROM bulwark_migrations')).toEqual([{ n: 2 }]);

    const leaked = new pg.Client({ connectionString: a.url });
    leaked.on('error', () => {});
    await leaked.connect();
    await a.drop();
    expect(await databaseExists(SERVER_URL, a.name)).toBe(false);
    await a.drop(); // idempotent
    await leaked.end().catch(() => undefined);
  });

  it('a factory reuses an existing template and clones from it', async () => {
    const sources = await uniqueSources();
    const factory = createTestDatabaseFactory({ baseUrl: SERVER_URL, sources });
    const db = await factory.clone();
    cleanups.push(db.drop);
    trackTemplate(await factory.template());
    expect((await factory.template()).name).toBe(
      (await prepareTemplate({ baseUrl: SERVER_URL, sources })).name,
    );
    expect(await rows(db.url, 'SELECT label FROM things')).toEqual([{ label: 'seeded' }]);
  });

  it('dropStaleTestDatabases removes only clones older than the cutoff', async () => {
    const old = newTestDatabaseName(Date.now() - 3 * 60 * 60_000);
    const fresh = newTestDatabaseName();
    for (const name of [old, fresh]) {
      await ensureDatabase(withDatabase(SERVER_URL, name));
      cleanups.push(async () => {
        await rows(withDatabase(SERVER_URL, 'postgres'), `DROP DATABASE IF EXISTS "${name}"`);
      });
    }
    expect(createdAtOf(old)?.getTime()).toBeLessThan(Date.now() - 2 * 60 * 60_000);
    const dropped = await dropStaleTestDatabases({ baseUrl: SERVER_URL, olderThanMinutes: 60 });
    // A concurrent run's sweep may have dropped `old` first, so check the outcome, not who did it.
    expect(dropped).not.toContain(fresh);
    expect(await databaseExists(SERVER_URL, old)).toBe(false);
    expect(await databaseExists(SERVER_URL, fresh)).toBe(true);
  });
});
