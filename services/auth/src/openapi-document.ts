import { randomBytes } from 'node:crypto';
import { renderOpenApi } from '@bulwark/service-kit';
import type { Redis } from 'ioredis';
import { buildAuthApp } from './app.js';
import { loadAuthConfig } from './config.js';
import type { Pool } from './infra/db-types.js';

/**
 * The OpenAPI document as the routes declare it (service-kit's renderer, which adds the responses
 * every route can give). Building the app in `documentOnly` mode touches no store, so placeholders
 * suffice; the issuer is fixed for a stable file.
 */
export async function openApiDocument(): Promise<string> {
  const config = loadAuthConfig({ BULWARK_KEK: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' });
  const { app } = await buildAuthApp({
    config,
    pool: {} as Pool,
    redis: {} as Redis,
    kek: randomBytes(32),
    documentOnly: true,
  });
  try {
    return await renderOpenApi(app);
  } finally {
    await app.close();
  }
}
