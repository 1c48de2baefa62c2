import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authMigrationSources, bootstrap, buildAuthApp, loadAuthConfig } from '@bulwark/auth';
import type { ServiceApp } from '@bulwark/service-kit';
import { freePort, type RedisPrefixHandle, type TestDatabaseHandle } from '@bulwark/testing';

export { authMigrationSources };

/** A real, listening auth server on its own database, bootstrapped with a root admin key (`*`). */
export interface AuthServer {
  url: string;
  adminKey: string;
  rootTenantId: string;
  app: ServiceApp;
  /** JSON over HTTP with a bearer key; returns status and parsed body. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    key: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** `application/x-www-form-urlencoded` POST (OAuth endpoints). */
  form(
    path: string,
    params: Record<string, string>,
    authorization: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function startAuthServer(db: TestDatabaseHandle, redis: RedisPrefixHandle): Promise<AuthServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const kek = randomBytes(32).toString('base64');
  const config = loadAuthConfig({
    DATABASE_URL: db.url,
    REDIS_PREFIX: redis.prefix,
    BULWARK_ISSUER: url,
    BULWARK_KEK: kek,
    LOG_LEVEL: 'silent',
    AUTH_KEY_PUBLISH_DELAY: '0',
  });
  const { app, deps } = await buildAuthApp({
    config,
    pool: db.pool,
    redis: redis.redis,
    kek: Buffer.from(kek, 'base64'),
  });
  await app.listen({ port, host: '127.0.0.1' });
  const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
  const boot = await bootstrap(deps, {
    adminKey,
    stateDir: mkdtempSync(join(tmpdir(), 'bw-billing-auth-')),
    writeKeyFile: false,
  });
  await deps.keyring.maintain();

  const parse = async (response: Response) => {
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  return {
    url,
    adminKey,
    rootTenantId: boot.rootTenantId,
    app,
    async call(method, path, key, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return parse(response);
    },
    async form(path, params, authorization) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
        body: new URLSearchParams(params),
      });
      return parse(response);
    },
  };
}
