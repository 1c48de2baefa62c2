import { afterAll, describe, expect, it } from 'vitest';
import { databaseExists, ensureDatabase } from '../src/index.js';
import { SERVER_URL, scratchDatabase } from './support/server.js';

const db = scratchDatabase();
afterAll(() => db.drop());

describe('ensureDatabase', () => {
  it('creates a missing database once when several callers race, and every caller succeeds', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => ensureDatabase(db.url)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await databaseExists(SERVER_URL, db.name)).toBe(true);
    expect(await ensureDatabase(db.url)).toBe(false);
  });

  it('leaves the maintenance database alone', async () => {
    expect(await ensureDatabase(SERVER_URL)).toBe(false);
  });
});
