import { createPool, migrate } from '@bulwark/db';
import { listenWithShutdown } from '@bulwark/service-kit';
import { buildBillingApp } from './app.js';
import { suspenderFromConfig } from './auth/suspender-from-config.js';
import { loadConfig } from './config.js';
import { BILLING_MIGRATION_SOURCES } from './db/migration-sources.js';
import { gatewayFromConfig } from './stripe/gateway-from-config.js';

/** Process concerns only: config, migrations (advisory-locked), listen, graceful shutdown. */
const config = loadConfig();
await migrate({ connectionString: config.databaseUrl, sources: BILLING_MIGRATION_SOURCES });
if (process.argv.includes('--migrate-only')) {
  process.stdout.write('billing: migrations applied\n');
  process.exit(0);
}
const pool = createPool({
  connectionString: config.databaseUrl,
  max: 10,
  applicationName: 'bulwark-billing',
});
const { gateway, describe } = gatewayFromConfig(config);
const { suspend, notice } = suspenderFromConfig(config);
const app = await buildBillingApp({ config, pool, stripe: gateway, suspend });
app.log.info(`billing: Stripe calls go to ${describe}`);
if (suspend) app.log.info(`billing: ${notice}`);
else app.log.warn(`billing: ${notice}`);
app.addHook('onClose', async () => {
  await pool.end();
});
await listenWithShutdown(app, { port: config.port, host: config.host });
