import { join } from 'node:path';
import { loadKek } from '@bulwark/core';
import { createPool, migrate } from '@bulwark/db';
import { redisConnection } from '@bulwark/queue';
import { closeGracefully } from '@bulwark/service-kit';
import { buildAuthApp } from './app.js';
import { loadAuthConfig } from './config.js';
import { bootstrap } from './domain/bootstrap.js';
import { sweepExpired } from './infra/expiry-sweep.js';
import { startRelayThread } from './infra/relay-thread.js';
import { resolveStateDir } from './infra/state-dir.js';
import { authMigrationSources } from './migrations-source.js';

/** Process concerns only: config, migrate (advisory-locked), bootstrap, relay, listen, graceful close. */
async function main(): Promise<void> {
  const config = loadAuthConfig();
  await migrate({
    connectionString: config.databaseUrl,
    sources: authMigrationSources,
    log: (m) => process.stdout.write(`${m}\n`),
  });
  if (process.argv.includes('--migrate-only')) return;

  const stateDir = resolveStateDir(config.stateDir);
  const pool = createPool({ connectionString: config.databaseUrl, applicationName: 'bulwark-auth', max: 20 });
  const redis = redisConnection(config.redisUrl);
  const { app, deps } = await buildAuthApp({
    config,
    pool,
    redis,
    kek: await loadKek({ kek: config.kek, file: join(stateDir, 'kek') }),
  });

  const boot = await bootstrap(deps, { adminKey: config.bootstrapAdminKey, stateDir, writeKeyFile: true });
  if (boot.generatedKey) {
    // Printed exactly once, on the start that created it (also in the 0600 file).
    process.stdout.write(
      `\nBulwark bootstrap admin API key (saved to ${boot.keyFile}):\n  ${boot.generatedKey}\n\n`,
    );
  }
  await deps.keyring.maintain();
  const maintenance = setInterval(() => {
    deps.keyring
      .maintain()
      .catch((error: unknown) => app.log.error({ err: error }, 'signing key maintenance failed'));
    sweepExpired(pool, config.idempotencyTtl).catch((error: unknown) =>
      app.log.error({ err: error }, 'expired-row sweep failed'),
    );
  }, 60_000);
  maintenance.unref();

  // The relay runs on its own worker thread (own pool and Redis connection), off the event loop
  // that answers token requests (infra/relay-thread.ts).
  const relay = startRelayThread(
    { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, prefix: config.redisPrefix },
    app.log,
  );
  // Reverse order of start: stop serving (kit's graceful close), then the relay, then the stores.
  app.addHook('onClose', async () => {
    clearInterval(maintenance);
    await relay.stop();
    await pool.end();
    redis.disconnect();
  });
  await app.listen({ port: config.port, host: config.host });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await closeGracefully(app, { timeoutMs: 10_000 });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`auth failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
