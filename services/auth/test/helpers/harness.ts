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

/** One auth server per test file: own database, own Redis prefix, real HTTP on a free port. */
export function useAuthServer(env: Record<string, string> = {}): Harness {
  const db = useTestDatabase(authMigrationSources);
  const redis = useRedisPrefix();
  const harness = { logs: [] as string[], secrets: new Set<string>() } as Harness;
  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
    const config = loadAuthConfig({
      DATABASE_URL: db.url,
      REDIS_PREFIX: redis.prefix,
      BULWARK_ISSUER: url,
      BULWARK_KEK: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'debug',
      AUTH_KEY_PUBLISH_DELAY: '0',
      ...env,
    });
    const logStream = new Writable({
      write(chunk, _enc, done) {
        harness.logs.push(String(chunk));
        done();
      },
    });
    const { app, deps } = await buildAuthApp({
      config,
      pool: db.pool,
      redis: redis.redis,
      kek: Buffer.from(config.kek as string, 'base64'),
      logStream,
    });
    const boot = await bootstrap(deps, {
      adminKey,
      stateDir: mkdtempSync(join(tmpdir(), 'bw-auth-')),
      writeKeyFile: false,
    });
    await deps.keyring.maintain();
    await app.listen({ port, host: '127.0.0.1' });
    Object.assign(harness, { app, deps, config, url, adminKey, rootTenantId: boot.rootTenantId });
    harness.secrets.add(adminKey);
  });
  afterAll(async () => {
    await harness.app?.close();
  });
  return harness;
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
