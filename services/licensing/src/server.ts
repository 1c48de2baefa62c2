import { systemClock } from '@bulwark/core';
import { createPool, migrate } from '@bulwark/db';
import { listenWithShutdown } from '@bulwark/service-kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { loadKek } from '@bulwark/core';
import { migrationSources } from './migrations.js';

const config = loadConfig();
// Creates the database if missing; advisory-locked, so replicas can start together.
await migrate({
  connectionString: config.databaseUrl,
  sources: migrationSources,
  log: (line) => console.log(line),
});
if (process.argv.includes('--migrate-only')) process.exit(0);

const pool = createPool({
  connectionString: config.databaseUrl,
  applicationName: 'bulwark-licensing',
  max: 20,
});
const kek = await loadKek({ kek: config.kek, file: config.kekFile });
const app = await buildApp({
  pool,
  kek,
  clock: systemClock,
  // Per-IP and per-key counters shared by every replica.
  rateLimit: { redis: { url: config.redisUrl, prefix: config.redisPrefix } },
  keyRateLimit:
    config.keyRateLimitPerMinute === 0 ? false : { max: config.keyRateLimitPerMinute, timeWindowMs: 60_000 },
  reaper: config.reaperIntervalSeconds === 0 ? false : { intervalMs: config.reaperIntervalSeconds * 1000 },
  auth: {
    issuer: config.issuer,
    audiences: [config.audience, `${config.audience}:licensing`],
    jwksUrl: `${config.authUrl}/.well-known/jwks.json`,
    introspectionUrl: `${config.authUrl}/oauth/introspect`,
    redis: { url: config.redisUrl, prefix: config.redisPrefix },
  },
});
app.addHook('onClose', () => pool.end());
await listenWithShutdown(app, { port: config.port, host: config.host });
