import { createPool, migrate } from '@bulwark/db';
import { stderrLog } from '@bulwark/queue';
import { loadConfig } from './config.js';
import { migrationSources } from './db/migration-sources.js';
import { surviveLostConnections } from './db/survive-lost-connections.js';
import { loadKek } from './domain/checkpoints/dev-kek.js';
import { startPipeline } from './pipeline/start-pipeline.js';
import { startReconcilerFromConfig } from './reconcile/start-from-config.js';

/**
 * The audit worker as its own process (`pnpm worker`): scale it out by running more of these.
 * `server.ts` also starts one in-process unless AUDIT_WORKER=off.
 */
const config = loadConfig();
await migrate({ connectionString: config.databaseUrl, sources: migrationSources });
const pool = createPool({
  connectionString: config.databaseUrl,
  // Up to 4 batches in flight (see audit-consumer.ts) plus sink fan-out, partitions and checkpoints.
  max: 8,
  applicationName: 'bulwark-audit-worker',
});
surviveLostConnections(pool);
const pipeline = startPipeline(config, pool, loadKek(config.kek, config.dataDir));
// Outboxes vs store (README "Reconciler"); one process at a time runs it (advisory lock).
const reconciler = startReconcilerFromConfig(config, pool, stderrLog);
await Promise.all(pipeline.consumer.workers.map((worker) => worker.waitUntilReady()));
process.stdout.write('audit worker ready\n');

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`audit worker: ${signal}, finishing in-flight batches\n`);
  await reconciler?.stop();
  await pipeline.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
