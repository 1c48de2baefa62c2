import { writeFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MigrationChecksumError,
  MigrationFailedError,
  MigrationFileError,
  MigrationHistoryError,
  createPool,
  maintenanceUrl,
  migrate,
} from '../src/index.js';
import { migrationDir, scratchDatabase } from './support/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function setup(files: Record<string, string>) {
  const db = scratchDatabase();
  const source = await migrationDir(files);
  cleanups.push(db.drop, source.remove);
  return { db, dir: source.dir, sources: [{ name: 'svc', dir: source.dir }] };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const BASE = {
  '0001_create_notes.sql': 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);',
  // Depends on 0001: only works when applied after it.
  '0002_add_author.sql':
    "ALTER TABLE notes ADD COLUMN author text NOT NULL DEFAULT 'x';\nINSERT INTO notes (body) VALUES ('hi');",
  'README.md': 'not a migration',
};

describe('migrate', () => {
  it('creates the database, applies files in order, records checksums, and is a no-op on rerun', async () => {
    const { db, sources } = await setup(BASE);
    const logs: string[] = [];
    const first = await migrate({ connectionString: db.url, sources, log: (m) => logs.push(m) });
    expect(first.map((m) => m.name)).toEqual(['0001_create_notes.sql', '0002_add_author.sql']);
    expect(logs).toHaveLength(2);
    const rows = await query<{ source: string; version: number; name: string; checksum: string }>(
      db.url,
      'SELECT source, version, name, checksum FROM bulwark_migrations ORDER BY version',
    );
    expect(rows.map((r) => [r.source, r.version, r.name])).toEqual([
      ['svc', 1, '0001_create_notes.sql'],
      ['svc', 2, '0002_add_author.sql'],
    ]);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);

    expect(await migrate({ connectionString: db.url, sources })).toEqual([]);
    expect(await query(db.url, 'SELECT body, author FROM notes')).toEqual([{ body: 'hi', author: 'x' }]);
  });

  it('applies only the new file after one is added, and works through a pool', async () => {
    const { db, dir, sources } = await setup(BASE);
    await migrate({ connectionString: db.url, sources });
    await writeFile(join(dir, '0003_more.sql'), "INSERT INTO notes (body) VALUES ('more');");
    const pool = createPool({ connectionString: db.url, max: 2, statementTimeoutMs: 5_000 });
    try {
      const applied = await migrate({ pool, sources });
      expect(applied.map((m) => m.version)).toEqual([3]);
      // The borrowed connection went back with the pool's own statement_timeout.
      const { rows } = await pool.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t");
      expect(rows[0]?.t).toBe('5s');
    } finally {
      await pool.end();
    }
  });

  it('refuses to run when an applied migration was edited, naming the file', async () => {
    const { db, dir, sources } = await setup(BASE);
    await migrate({ connectionString: db.url, sources });
    await writeFile(
      join(dir, '0001_create_notes.sql'),
      'CREATE TABLE notes (id bigserial PRIMARY KEY, body text);',
    );
    await writeFile(join(dir, '0003_more.sql'), 'CREATE TABLE more (id int);');
    const error = await migrate({ connectionString: db.url, sources }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as Error).message).toContain('svc/0001_create_notes.sql');
    expect((error as Error).message).toContain('new migration');
    // Nothing after the check ran.
    expect(await query(db.url, "SELECT to_regclass('more') AS t")).toEqual([{ t: null }]);
  });

  it('does not treat a CRLF checkout of the same file as an edit', async () => {
    const { db, dir, sources } = await setup(BASE);
    await migrate({ connectionString: db.url, sources });
    await writeFile(join(dir, '0002_add_author.sql'), BASE['0002_add_author.sql'].replace(/\n/g, '\r\n'));
    expect(await migrate({ connectionString: db.url, sources })).toEqual([]);
  });

  it('refuses a missing or renumbered applied file, and a new file numbered before applied ones', async () => {
    const { db, dir, sources } = await setup(BASE);
    await migrate({ connectionString: db.url, sources });

    await rename(join(dir, '0002_add_author.sql'), join(dir, '0003_add_author.sql'));
    await expect(migrate({ connectionString: db.url, sources })).rejects.toThrow(/renumbered/);

    await unlink(join(dir, '0003_add_author.sql'));
    await expect(migrate({ connectionString: db.url, sources })).rejects.toThrow(
      /0002_add_author\.sql was applied to this database but it is missing/,
    );

    await writeFile(join(dir, '0002_add_author.sql'), BASE['0002_add_author.sql']);
    await writeFile(join(dir, '0004_b.sql'), 'SELECT 1;');
    await migrate({ connectionString: db.url, sources });
    await writeFile(join(dir, '0003_a.sql'), 'SELECT 1;');
    await expect(migrate({ connectionString: db.url, sources })).rejects.toBeInstanceOf(
      MigrationHistoryError,
    );
  });

  it('rejects badly named files and duplicate numbers before touching the database', async () => {
    const badSets: Record<string, string>[] = [
      { '1_init.sql': 'SELECT 1;' },
      { '0001-init.sql': 'SELECT 1;' },
      { '0001_Init.sql': 'SELECT 1;' },
      { '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' },
    ];
    for (const files of badSets) {
      const { db, sources } = await setup(files);
      await expect(migrate({ connectionString: db.url, sources })).rejects.toBeInstanceOf(MigrationFileError);
      expect(
        await query(maintenanceUrl(db.url), `SELECT 1 FROM pg_database WHERE datname = '${db.name}'`),
      ).toEqual([]);
    }
    await expect(
      migrate({
        connectionString: 'postgres://postgres@127.0.0.1:5432/unused',
        sources: [{ name: 'x', dir: '/nonexistent' }],
      }),
    ).rejects.toThrow(/cannot read directory/);
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const { db, sources } = await setup({
      '0001_ok.sql': 'CREATE TABLE a (id int);',
      '0002_bad.sql': 'CREATE TABLE b (id int);\nSELECT * FROM does_not_exist;',
    });
    const error = await migrate({ connectionString: db.url, sources }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toContain('svc/0002_bad.sql');
    expect(await query(db.url, "SELECT to_regclass('b') AS t")).toEqual([{ t: null }]);
    expect(await query(db.url, 'SELECT version FROM bulwark_migrations')).toEqual([{ version: 1 }]);
  });

  it('applies several sources in the given order, each with its own numbering', async () => {
    const db = scratchDatabase();
    const shared = await migrationDir({ '0001_outbox.sql': 'CREATE TABLE outbox (id int);' });
    const own = await migrationDir({ '0001_use_outbox.sql': 'ALTER TABLE outbox ADD COLUMN x int;' });
    cleanups.push(db.drop, shared.remove, own.remove);
    const applied = await migrate({
      connectionString: db.url,
      sources: [
        { name: 'queue', dir: shared.dir },
        { name: 'svc', dir: own.dir },
      ],
    });
    expect(applied.map((m) => `${m.source}/${m.version}`)).toEqual(['queue/1', 'svc/1']);
  });
});
