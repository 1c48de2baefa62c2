import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { freePort, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildAuthApp } from '../../src/app.js';
import { type AuthConfig, loadAuthConfig } from '../../src/config.js';
import type { AuthDeps } from '../../src/context.js';
import { bootstrap } from '../../src/domain/bootstrap.js';
import { authMigrationSources } from '../../src/migrations-source.js';

export interface Harness {
  app: FastifyInstance;
  deps: AuthDeps;
  config: AuthConfig;
  /** Base URL of the listening server (== issuer). */
  url: string;
  adminKey: string;
  rootTenantId: string;
  /** Every log line the app wrote. */
  logs: string[];
  /** Every secret the tests created, for the no-leak scan. */
  secrets: Set<string>;
}

export interface AuthInstance {
  app: FastifyInstance;
  deps: AuthDeps;
  config: AuthConfig;
  url: string;
}

interface SharedStores {
  db: ReturnType<typeof useTestDatabase>;
  redis: ReturnType<typeof useRedisPrefix>;
}

/** One listening auth instance on the given stores; several can share them (replicas). */
export async function startAuthInstance(
  stores: SharedStores,
  options: { issuer?: string; kek: string; env?: Record<string, string>; logs?: string[] },
): Promise<AuthInstance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadAuthConfig({
    DATABASE_URL: stores.db.url,
    REDIS_PREFIX: stores.redis.prefix,
    BULWARK_ISSUER: options.issuer ?? url,
    BULWARK_KEK: options.kek,
    LOG_LEVEL: 'debug',
    AUTH_KEY_PUBLISH_DELAY: '0',
    ...options.env,
  });
  const logs = options.logs;
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs?.push(String(chunk));
      done();
    },
  });
  const { app, deps } = await buildAuthApp({
    config,
    pool: stores.db.pool,
    redis: stores.redis.redis,
    kek: Buffer.from(options.kek, 'base64'),
    logStream,
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, deps, config, url };
}

/** One auth server per test file: own database, own Redis prefix, real HTTP on a free port. */
export function useAuthServer(env: Record<string, string> = {}): Harness {
  const cluster = useAuthCluster(1, env);
  return cluster[0] as Harness;
}

/**
 * `count` auth instances on one database and one Redis prefix (replicas behind a load balancer):
 * same issuer (the first instance's URL), same KEK, bootstrapped once.
 */
export function useAuthCluster(count: number, env: Record<string, string> = {}): Harness[] {
  const db = useTestDatabase(authMigrationSources);
  const redis = useRedisPrefix();
  const harnesses = Array.from(
    { length: count },
    () => ({ logs: [] as string[], secrets: new Set<string>() }) as Harness,
  );
  beforeAll(async () => {
    const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
    const kek = randomBytes(32).toString('base64');
    let issuer: string | undefined;
    let rootTenantId = '';
    for (const [index, harness] of harnesses.entries()) {
      const instance = await startAuthInstance({ db, redis }, { issuer, kek, env, logs: harness.logs });
      issuer ??= instance.url;
      if (index === 0) {
        const boot = await bootstrap(instance.deps, {
          adminKey,
          stateDir: mkdtempSync(join(tmpdir(), 'bw-auth-')),
          writeKeyFile: false,
        });
        rootTenantId = boot.rootTenantId;
        await instance.deps.keyring.maintain();
      }
      Object.assign(harness, instance, { adminKey, rootTenantId });
      harness.secrets.add(adminKey);
    }
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.app?.close();
  });
  return harnesses;
}

export async function api<T = Record<string, unknown>>(
  h: Harness,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
}

export async function form(
  h: Harness,
  path: string,
  params: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
