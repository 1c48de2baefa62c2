import { fileURLToPath } from 'node:url';
import { createPool } from '@bulwark/db';
import { assertOpenApiUpToDate, writeOpenApi } from '@bulwark/service-kit';
import { describe, it } from 'vitest';
import { buildAuditApp } from '../src/app.js';
import { Kek } from '../src/domain/checkpoints/kek.js';

const file = fileURLToPath(new URL('../openapi.json', import.meta.url));

describe('openapi.json', () => {
  it('matches the routes (regenerate with UPDATE_OPENAPI=1 pnpm --filter @bulwark/audit test openapi)', async () => {
    // The pool is never connected: building the app does not touch the database.
    const pool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', max: 1 });
    const app = await buildAuditApp({
      config: {
        issuer: 'http://127.0.0.1:4001',
        audience: 'bulwark',
        authUrl: 'http://127.0.0.1:4001',
        redisUrl: 'redis://127.0.0.1:6379',
        redisPrefix: 'bulwark:',
        retentionDefaultDays: 400,
        webhookAttempts: 12,
        webhookBackoffMs: 5000,
      },
      pool,
      kek: Kek.parse(Kek.generateEncoded()),
      auth: { revocations: false },
      logger: false,
    });
    try {
      if (process.env.UPDATE_OPENAPI === '1') await writeOpenApi(app, file);
      await assertOpenApiUpToDate(app, file);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
