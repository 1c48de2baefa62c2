import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseExists } from '@bulwark/db';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, redisUrl, testDatabaseServerUrl, useRedisPrefix, useTestDatabase } from '../src/index.js';

const dir = await mkdtemp(join(tmpdir(), 'bulwark-testing-fixture-'));
// Same contents every run, so runs share one template, as they would for a service's migrations.
await writeFile(
  join(dir, '0001_widgets.sql'),
  'CREATE TABLE widgets (id uuid PRIMARY KEY, name text NOT NULL);',
);
afterAll(() => rm(dir, { recursive: true, force: true }));

const seen = { database: '', prefix: '' };

describe('useTestDatabase', () => {
  const db = useTestDatabase([{ name: 'fixture', dir }]);
  const tooEarly = (() => {
    try {
      return db.url;
    } catch (error) {
      return error;
    }
  })();

  it('refuses access before beforeAll with a clear message', () => {
    expect(tooEarly).toBeInstanceOf(Error);
    expect(String(tooEarly)).toMatch(/after beforeAll/);
  });

  it('hands the file a migrated database of its own with a ready pool', async () => {
    seen.database = db.name;
    expect(db.name).toMatch(/^bulwark_test_/);
    expect(db.url).toContain(db.name);
    const id = randomUUID();
    await db.pool.query('INSERT INTO widgets (id, name) VALUES ($1, $2)', [id, 'gear']);
    const { rows } = await db.pool.query('SELECT name FROM widgets WHERE id = $1', [id]);
    expect(rows).toEqual([{ name: 'gear' }]);
  });
});

describe('useRedisPrefix', () => {
  const redis = useRedisPrefix();

  it('gives a unique prefix and a connected client', async () => {
    seen.prefix = redis.prefix;
    expect(redis.prefix).toMatch(new RegExp(`^bwtest:${process.pid}:[0-9a-f]{12}:$`));
    expect(redis.url).toBe(redisUrl());
    await redis.redis.set(redis.key('a'), '1');
    await redis.redis.hset(redis.key('nested:h'), 'f', 'v');
    // Enough keys to need several SCAN pages.
    await redis.redis.mset(
      Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [redis.key(`bulk:${i}`), 'x'])),
    );
    expect(await redis.redis.get(redis.key('a'))).toBe('1');
  });
});

describe('after the fixtures tore down', () => {
  it('dropped the database', async () => {
    expect(seen.database).not.toBe('');
    expect(await databaseExists(testDatabaseServerUrl(), seen.database)).toBe(false);
  });

  it('deleted every key under the prefix and nothing else', async () => {
    const client = new Redis(redisUrl());
    const bystander = `bwtest:${process.pid}:bystander:${randomUUID()}`;
    try {
      await client.set(bystander, 'keep', 'EX', 60);
      const left: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${seen.prefix}*`, 'COUNT', 1000);
        left.push(...keys);
        cursor = next;
      } while (cursor !== '0');
      expect(left).toEqual([]);
      expect(await client.exists(`${seen.prefix}a`)).toBe(0);
      expect(await client.get(bystander)).toBe('keep');
    } finally {
      await client.del(bystander);
      await client.quit();
    }
  });
});

describe('freePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
