import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authMigrationSources, bootstrap, buildAuthApp, loadAuthConfig } from '@bulwark/auth';
import { freePort, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll } from 'vitest';

export interface AuthServer {
  /** Base URL == issuer. */
  url: string;
  adminKey: string;
  rootTenantId: string;
}

/** The real auth service, in-process on a free port, with this file's own database and Redis prefix. */
export function useAuthServer(): AuthServer {
  const db = useTestDatabase(authMigrationSources);
  const redis = useRedisPrefix();
  const server = {} as AuthServer;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
    const config = loadAuthConfig({
      DATABASE_URL: db.url,
      REDIS_PREFIX: redis.prefix,
      BULWARK_ISSUER: url,
      BULWARK_KEK: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      AUTH_KEY_PUBLISH_DELAY: '0',
    });
    const { app, deps } = await buildAuthApp({
      config,
      pool: db.pool,
      redis: redis.redis,
      kek: Buffer.from(config.kek as string, 'base64'),
    });
    const boot = await bootstrap(deps, {
      adminKey,
      stateDir: mkdtempSync(join(tmpdir(), 'bw-sdk-')),
      writeKeyFile: false,
    });
    await deps.keyring.maintain();
    await app.listen({ port, host: '127.0.0.1' });
    close = () => app.close();
    Object.assign(server, { url, adminKey, rootTenantId: boot.rootTenantId });
  });
  afterAll(async () => {
    await close?.();
  });
  return server;
}
