/** Starts Bulwark auth as deployed (audit on: outbox + relay), on its own cloned database and Redis prefix. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneDatabase, createPool, prepareTemplate } from '../../packages/db/src/index.js';
import { redisConnection } from '../../packages/queue/src/index.js';
import { buildAuthApp } from '../../services/auth/src/app.js';
import { loadAuthConfig } from '../../services/auth/src/config.js';
import { bootstrap } from '../../services/auth/src/domain/bootstrap.js';
import { startRelayThread } from '../../services/auth/src/infra/relay-thread.js';
import { authMigrationSources } from '../../services/auth/src/migrations-source.js';

export type StartedAuth = Awaited<ReturnType<typeof startAuth>>;

export async function startAuth() {
  const template = await prepareTemplate({
    baseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    sources: authMigrationSources,
  });
  const database = await cloneDatabase(template);
  const prefix = `bench:auth:${randomBytes(4).toString('hex')}:`;
  const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
  const config = loadAuthConfig({
    DATABASE_URL: database.url,
    REDIS_PREFIX: prefix,
    BULWARK_KEK: randomBytes(32).toString('base64'),
    // Same request logging as the peers, which log nothing per request: no access lines on the hot
    // routes (LOG_REQUESTS=false), but warnings and errors still logged, as deployed.
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    AUTH_TOKEN_RATE_LIMIT_CLIENT: '100000000',
    AUTH_TOKEN_RATE_LIMIT_IP: '100000000',
    AUTH_API_RATE_LIMIT: '100000000',
    AUTH_INTROSPECT_RATE_LIMIT: '100000000',
    // Knobs for A/B runs, passed through when set (defaults otherwise, as deployed).
    ...Object.fromEntries(
      ['AUTH_AUDIT_COMMITS_IN_FLIGHT', 'AUTH_SIGNING_THREAD', 'AUTH_AUDIT_RELAY_WAKE_MS'].flatMap((name) =>
        process.env[name] ? [[name, process.env[name] as string]] : [],
      ),
    ),
  });
  const pool = createPool({ connectionString: database.url, applicationName: 'bench-auth', max: 20 });
  const redis = redisConnection(config.redisUrl);
  const { app, deps } = await buildAuthApp({
    config,
    pool,
    redis,
    kek: Buffer.from(config.kek as string, 'base64'),
  });
  await bootstrap(deps, {
    adminKey,
    stateDir: mkdtempSync(join(tmpdir(), 'bench-auth-')),
    writeKeyFile: false,
  });
  await deps.keyring.maintain();
  // As server.ts deploys it: the outbox relay on its own worker thread.
  const quiet = { info() {}, warn() {}, error() {} };
  // BENCH_AUTH_RELAY=off: diagnostics only (what the relay costs the token endpoint); events then stay
  // in the outbox, so that is not the "audit on" configuration (README).
  const relay =
    process.env.BENCH_AUTH_RELAY === 'off'
      ? { stop: async () => undefined }
      : startRelayThread({ databaseUrl: database.url, redisUrl: config.redisUrl, prefix }, quiet);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const agent = (await post('/v1/agents', {
    name: 'bench',
    allowed_scopes: ['email:read'],
    grant_types: ['client_credentials'],
  })) as { agent: { id: string }; client_secret: string };
  const apiKey = (await post('/v1/api-keys', { name: 'bench', scopes: ['auth:read'] })) as { key: string };
  const close = async () => {
    // Requests autocannon abandoned at the end of a run may still be in the server: let them finish.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.close();
    await relay.stop();
    const outbox = await pool
      .query<{ pending: string }>('SELECT count(*) AS pending FROM outbox WHERE dispatched_at IS NULL')
      .catch(() => ({ rows: [{ pending: '?' }] }));
    await pool.end();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await database.drop();
    return outbox.rows[0]?.pending;
  };
  return {
    url,
    databaseName: new URL(database.url).pathname.slice(1),
    config,
    agent: { id: agent.agent.id, secret: agent.client_secret },
    apiKey: apiKey.key,
    deps,
    close,
  };
}
