import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Pool } from './infra/db-types.js';
import { buildAuthApp } from './app.js';
import { loadAuthConfig } from './config.js';

/**
 * The OpenAPI document as the routes declare it. Building the app touches no store (pool and Redis
 * are only used by handlers), so placeholders suffice; the issuer is fixed for a stable file.
 */
export async function openApiDocument(): Promise<unknown> {
  const config = loadAuthConfig({ BULWARK_KEK: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' });
  const { app } = await buildAuthApp({
    config,
    pool: {} as Pool,
    redis: {} as Redis,
    kek: randomBytes(32),
  });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  return doc;
}
