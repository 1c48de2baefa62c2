import { createPool, migrate } from '@bulwark/db';
import { redisConnection, startOutboxRelay } from '@bulwark/queue';
import { listenWithShutdown } from '@bulwark/service-kit';
import { buildAuditApp } from './app.js';
import { loadConfig } from './config.js';
import { migrationSources } from './db/migration-sources.js';
import { surviveLostConnections } from './db/survive-lost-connections.js';
import { loadKek } from './domain/checkpoints/dev-kek.js';
import { startPipeline } from './pipeline/start-pipeline.js';
import { startReconcilerFromConfig } from './reconcile/start-from-config.js';

/**
 * Process concerns only: config, migrations (advisory-locked, so replicas can boot together),
 * the outbox relay for ingested events, the in-process worker (unless AUDIT_WORKER=off), listen,
 * graceful shutdown. `--migrate-only` stops after the migrations, for a deploy step.
 */
const config = loadConfig();
await migrate({ connectionString: config.databaseUrl, sources: migrationSources });
if (process.argv.includes('--migrate-only')) {
  process.stdout.write('audit: migrations applied\n');
  process.exit(0);
}

const pool = createPool({ connectionString: config.databaseUrl, max: 10, applicationName: 'bulwark-audit' });
surviveLostConnections(pool);
const kek = loadKek(config.kek, config.dataDir);
const app = await buildAuditApp({ config, pool, kek, adminTenants: config.adminTenants });
const relayConnection = redisConnection(config.redisUrl);
const relay = config.relayEnabled
  ? startOutboxRelay({
      pool,
      connectionString: config.databaseUrl,
      connection: relayConnection,
      prefix: config.redisPrefix,
    })
  : undefined;
const pipeline = config.workerEnabled ? startPipeline(config, pool, kek, (m) => app.log.warn(m)) : undefined;
// Outboxes vs store (README "Reconciler"); runs where a worker runs.
const reconciler = config.workerEnabled ? startReconcilerFromConfig(config, pool, app.log) : undefined;

app.addHook('onClose', async () => {
  await reconciler?.stop();
  await relay?.stop();
  await pipeline?.close();
  relayConnection.disconnect();
  await pool.end();
});
await listenWithShutdown(app, { port: config.port, host: config.host });
