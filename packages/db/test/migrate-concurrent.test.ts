import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationDir, scratchDatabase } from './support/server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/run-migrate.ts', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Replica {
  child: ChildProcessWithoutNullStreams;
  output: string[];
  stderr: string[];
}

function startReplica(url: string, dir: string): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, dir], { cwd: packageDir });
  const replica: Replica = { child, output: [], stderr: [] };
  child.stdout
    .setEncoding('utf8')
    .on('data', (chunk: string) => replica.output.push(...chunk.split('\n').filter(Boolean)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => replica.stderr.push(chunk));
  return replica;
}

async function waitForLine(replica: Replica, index: number): Promise<string> {
  while (replica.output.length <= index) {
    if (replica.child.exitCode !== null) throw new Error(`replica exited early: ${replica.stderr.join('')}`);
    await once(replica.child.stdout, 'data');
  }
  return replica.output[index] ?? '';
}

describe('migrate with replicas starting together', () => {
  it('applies each migration exactly once across separate processes', async () => {
    const db = scratchDatabase(); // does not exist yet: the replicas also race to create it
    const source = await migrationDir({
      '0001_counter.sql':
        'CREATE TABLE applied_counter (migration text NOT NULL);\n' +
        // Widen the window in which a second runner could slip in without the lock.
        'SELECT pg_sleep(0.3);\n' +
        "INSERT INTO applied_counter VALUES ('0001');",
      '0002_again.sql': "INSERT INTO applied_counter VALUES ('0002');",
    });
    cleanups.push(db.drop, source.remove);

    const replicas = [
      startReplica(db.url, source.dir),
      startReplica(db.url, source.dir),
      startReplica(db.url, source.dir),
    ];
    try {
      for (const replica of replicas) expect(await waitForLine(replica, 0)).toBe('ready');
      for (const replica of replicas) replica.child.stdin.write('go\n');
      const results = await Promise.all(
        replicas.map(async (replica) => {
          const [code] = (await once(replica.child, 'exit')) as [number | null];
          expect(code, replica.stderr.join('')).toBe(0);
          return JSON.parse(replica.output[1] ?? 'null') as string[];
        }),
      );
      // Together the replicas applied each file once; whoever won the lock applied both.
      expect(results.flat().sort()).toEqual(['0001_counter.sql', '0002_again.sql']);
    } finally {
      for (const replica of replicas) replica.child.kill();
    }

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration: string; n: number }>(
        'SELECT migration, count(*)::int AS n FROM applied_counter GROUP BY migration ORDER BY migration',
      );
      expect(rows).toEqual([
        { migration: '0001', n: 1 },
        { migration: '0002', n: 1 },
      ]);
    } finally {
      await client.end();
    }
  });
});
