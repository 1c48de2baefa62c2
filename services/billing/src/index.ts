export { buildBillingApp, type BillingAppOptions } from './app.js';
export { type BillingConfig, loadConfig } from './config.js';
export { BILLING_MIGRATION_SOURCES, billingMigrations } from './db/migration-sources.js';
export { ingestUsage, type MeteringJob } from './metering/ingest-usage.js';
export { createStripeGateway, type StripeGateway } from './stripe/stripe-gateway.js';
export { runSyncOnce, syncUntilSettled } from './sync/run-sync.js';
export { startMeteringConsumer } from './metering/metering-consumer.js';
