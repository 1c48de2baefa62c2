import { createPool, migrate } from '@bulwark/db';
import { listenWithShutdown } from '@bulwark/service-kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { loadKek } from '@bulwark/core';
import { migrationSources } from './migrations.js';

const config = loadConfig();
// Creates the database and schema `unleash` if missing; advisory-locked, so replicas can start together.
await migrate({
  connectionString: config.databaseUrl,
  sources: migrationSources,
  log: (line) => console.log(line),
});
if (process.argv.includes('--migrate-only')) process.exit(0);

const pool = createPool({ connectionString: config.databaseUrl, applicationName: 'bulwark-flags', max: 10 });
const kek = await loadKek({ kek: config.kek, file: config.kekFile });
const { app } = await buildApp({
  pool,
  databaseUrl: config.databaseUrl,
  kek,
  environment: config.environment,
  refreshMs: config.refreshMs,
  evaluateLimitPerMinute: config.evaluateLimitPerMinute,
  eventPollMs: config.eventPollMs,
  intentGraceMs: config.intentGraceMs,
  unleashAdminTenants: config.unleashAdminTenants,
  fallbackTenant: config.auditFallbackTenant,
  enrichment: {
    licensingUrl: config.licensingUrl,
    billingUrl: config.billingUrl,
    ttlMs: config.enrichmentTtlMs,
  },
  auth: {
    issuer: config.issuer,
    audiences: [config.audience, `${config.audience}:flags`],
    jwksUrl: `${config.authUrl}/.well-known/jwks.json`,
    introspectionUrl: `${config.authUrl}/oauth/introspect`,
    redis: { url: config.redisUrl, prefix: config.redisPrefix },
  },
});
app.addHook('onClose', () => pool.end());
// create() installs no signal handler of its own; our onClose hook calls Unleash's stop() on SIGTERM.
await listenWithShutdown(app, { port: config.port, host: config.host });
