import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, ensureDatabase, withTransaction } from '../src/index.js';
import { scratchDatabase } from './support/server.js';

const db = scratchDatabase();
let pool: Pool;

beforeAll(async () => {
  await ensureDatabase(db.url);
  pool = createPool({ connectionString: db.url, max: 3, applicationName: 'bulwark-db-test' });
  await pool.query('CREATE TABLE items (id int PRIMARY KEY, n int NOT NULL)');
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

async function count(): Promise<number> {
  const { rows } = await pool.query<{ c: string }>('SELECT count(*) AS c FROM items');
  return Number(rows[0]?.c);
}

describe('withTransaction', () => {
  it('commits what fn wrote and returns its value', async () => {
    const value = await withTransaction(pool, async (client) => {
      await client.query('INSERT INTO items VALUES (1, 0)');
      return 'done';
    });
    expect(value).toBe('done');
    expect(await count()).toBe(1);
  });

  it('rolls back everything when fn throws, rethrows, and returns the client to the pool', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (2, 0)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(1);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('rolls back on an SQL error and the pooled connection stays usable', async () => {
    await expect(
      withTransaction(pool, async (client) => {
        await client.query('INSERT INTO items VALUES (3, 0)');
        await client.query('INSERT INTO items VALUES (1, 0)'); // duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(1);
    // Every connection in the pool must be back outside a transaction.
    for (let i = 0; i < 3; i++) {
      const { rows } = await pool.query<{ s: string }>(
        "SELECT current_setting('transaction_isolation') AS s",
      );
      expect(rows[0]?.s).toBe('read committed');
    }
  });

  it('runs at the requested isolation level', async () => {
    const level = await withTransaction(
      pool,
      async (client) => {
        const { rows } = await client.query<{ s: string }>(
          "SELECT current_setting('transaction_isolation') AS s",
        );
        return rows[0]?.s;
      },
      { isolation: 'serializable' },
    );
    expect(level).toBe('serializable');
  });

  it('retries a real serialization failure and fails without retries', async () => {
    await pool.query('INSERT INTO items VALUES (10, 0) ON CONFLICT (id) DO NOTHING');
    // On the first attempt only, a concurrent transaction updates the row we have already read,
    // so our update hits "could not serialize access due to concurrent update" (40001).
    const conflictOnce = (attempts: { n: number }) => async (client: import('pg').PoolClient) => {
      attempts.n++;
      await client.query('SELECT n FROM items WHERE id = 10');
      if (attempts.n === 1) await pool.query('UPDATE items SET n = n + 100 WHERE id = 10');
      await client.query('UPDATE items SET n = n + 1 WHERE id = 10');
    };

    const noRetry = { n: 0 };
    await expect(
      withTransaction(pool, conflictOnce(noRetry), { isolation: 'repeatable read' }),
    ).rejects.toMatchObject({
      code: '40001',
    });
    expect(noRetry.n).toBe(1);

    const withRetry = { n: 0 };
    await withTransaction(pool, conflictOnce(withRetry), { isolation: 'repeatable read', retries: 2 });
    expect(withRetry.n).toBe(2);
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM items WHERE id = 10');
    expect(rows[0]?.n).toBe(201);
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});

describe('createPool', () => {
  it('sets a statement timeout and application name, and keeps options given in the URL', async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c lock_timeout=1234');
    const custom = createPool({
      connectionString: url.toString(),
      statementTimeoutMs: 300,
      applicationName: 'pool-test',
    });
    try {
      const { rows } = await custom.query<{ st: string; lt: string; app: string }>(
        "SELECT current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt, current_setting('application_name') AS app",
      );
      expect(rows[0]).toEqual({ st: '300ms', lt: '1234ms', app: 'pool-test' });
      await expect(custom.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    } finally {
      await custom.end();
    }
  });

  it('survives an idle connection being killed by the server and reports it', async () => {
    const errors: Error[] = [];
    const custom = createPool({
      connectionString: db.url,
      max: 1,
      applicationName: 'pool-kill-test',
      onIdleError: (error) => errors.push(error),
    });
    try {
      const { rows } = await custom.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      // The pool replaced the dead connection.
      expect((await custom.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await custom.end();
    }
  });
});
