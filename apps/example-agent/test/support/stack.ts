import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Kek,
  loadConfig as loadAuditConfig,
  migrationSources as auditMigrations,
  buildAuditApp,
  startPipeline,
} from '@bulwark/audit';
import { authMigrationSources, bootstrap, buildAuthApp, loadAuthConfig } from '@bulwark/auth';
import {
  BILLING_MIGRATION_SOURCES,
  buildBillingApp,
  createStripeGateway,
  loadConfig as loadBillingConfig,
  startMeteringConsumer,
} from '@bulwark/billing';
import { redisConnection, startOutboxRelay } from '@bulwark/queue';
import { startStripeEmulator } from '@bulwark/stripe-emulator';
import { freePort, useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll } from 'vitest';
import {
  flagsMigrations,
  licensingMigrations,
  startFlags,
  startLicensing,
  useLazyServiceDatabase,
} from './optional-services.js';

/** Base URLs and the bootstrap admin key of a stack started in-process. */
export interface LocalStack {
  /** `licensing` / `flags` are set only when the stack was asked for them. */
  urls: { auth: string; audit: string; billing: string; licensing?: string; flags?: string };
  adminKey: string;
  rootTenantId: string;
}

export interface LocalStackOptions {
  /**
   * Also run auth's outbox relay, so auth's own audit events (`auth.agent.create`, …) reach the audit
   * trail as they do under `npm start`. Off by default: existing tests count only agent actions.
   */
  authAuditRelay?: boolean;
  /** Also run the real licensing service (its own database). Off by default. */
  licensing?: boolean;
  /**
   * Also run the real flags service: embedded Unleash on its own database, the root tenant allowed
   * into the raw Unleash UI. Unleash migrates itself on boot, which takes a while; off by default.
   */
  flags?: boolean;
}

/** Start-up budget with embedded Unleash booting on a loaded 2-core machine. */
const FLAGS_BOOT_TIMEOUT_MS = 300_000;

/**
 * The real auth, audit (API + outbox relay + worker) and billing (API + metering consumer, Stripe
 * emulator) services in this process, on free ports, each with its own test database and one shared
 * Redis prefix (as in production, where all services share `bulwark:` so audit's `metering` queue
 * reaches billing). `licensing: true` / `flags: true` add those services, wired to the same auth
 * (JWKS, introspection, Redis revocations), each on its own database. Call at the top of a vitest file.
 */
export function useLocalStack(options: LocalStackOptions = {}): LocalStack {
  const authDb = useTestDatabase(authMigrationSources);
  const auditDb = useTestDatabase(auditMigrations, { poolMax: 6 });
  const billingDb = useTestDatabase(BILLING_MIGRATION_SOURCES);
  const licensingDb = options.licensing ? useLazyServiceDatabase(licensingMigrations) : undefined;
  const flagsDb = options.flags ? useLazyServiceDatabase(flagsMigrations) : undefined;
  const redis = useRedisPrefix();
  const stack = {} as LocalStack;
  const closers: (() => Promise<unknown> | unknown)[] = [];
  // Undefined keeps vitest's configured hook timeout for the fast default stack.
  const hookTimeout = options.flags ? FLAGS_BOOT_TIMEOUT_MS : undefined;

  beforeAll(async () => {
    const [authPort, auditPort, billingPort] = [await freePort(), await freePort(), await freePort()];
    const authUrl = `http://127.0.0.1:${authPort}`;
    const adminKey = `bwk_v1_${randomBytes(32).toString('base64url')}`;
    const shared = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      BULWARK_ISSUER: authUrl,
      AUTH_URL: authUrl,
    };

    const authConfig = loadAuthConfig({
      ...shared,
      DATABASE_URL: authDb.url,
      BULWARK_KEK: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      AUTH_KEY_PUBLISH_DELAY: '0',
    });
    const auth = await buildAuthApp({
      config: authConfig,
      pool: authDb.pool,
      redis: redis.redis,
      kek: Buffer.from(authConfig.kek as string, 'base64'),
    });
    const boot = await bootstrap(auth.deps, {
      adminKey,
      stateDir: mkdtempSync(join(tmpdir(), 'bw-example-')),
      writeKeyFile: false,
    });
    await auth.deps.keyring.maintain();
    await auth.app.listen({ port: authPort, host: '127.0.0.1' });
    closers.push(() => auth.app.close());
    if (options.authAuditRelay) {
      const authRelayConnection = redisConnection(redis.url);
      const authRelay = startOutboxRelay({
        pool: authDb.pool,
        connectionString: authDb.url,
        connection: authRelayConnection,
        prefix: redis.prefix,
        pollIntervalMs: 100,
      });
      closers.push(
        () => authRelay.stop(),
        () => authRelayConnection.disconnect(),
      );
    }

    const auditConfig = loadAuditConfig({
      ...shared,
      DATABASE_URL: auditDb.url,
      AUDIT_BATCH_WAIT_MS: '20',
      AUDIT_WEBHOOKS: 'off',
    });
    const kek = Kek.parse(Kek.generateEncoded());
    const audit = await buildAuditApp({ config: auditConfig, pool: auditDb.pool, kek, logger: false });
    const relayConnection = redisConnection(redis.url);
    const relay = startOutboxRelay({
      pool: auditDb.pool,
      connectionString: auditDb.url,
      connection: relayConnection,
      prefix: redis.prefix,
      pollIntervalMs: 100,
    });
    const pipeline = startPipeline(auditConfig, auditDb.pool, kek, () => undefined);
    await audit.listen({ port: auditPort, host: '127.0.0.1' });
    closers.push(
      () => audit.close(),
      () => relay.stop(),
      () => pipeline.close(),
      () => relayConnection.disconnect(),
    );

    const emulator = await startStripeEmulator({ port: 0 });
    closers.push(() => emulator.close());
    const billingConfig = loadBillingConfig({ ...shared, DATABASE_URL: billingDb.url });
    const billing = await buildBillingApp({
      config: billingConfig,
      pool: billingDb.pool,
      stripe: createStripeGateway({
        secretKey: 'sk_test_example',
        host: emulator.stripeOptions,
        timeoutMs: 2000,
      }),
      logger: false,
    });
    const meteringConnection = redisConnection(redis.url);
    const metering = startMeteringConsumer({
      pool: billingDb.pool,
      connection: meteringConnection,
      prefix: redis.prefix,
    });
    await billing.listen({ port: billingPort, host: '127.0.0.1' });
    closers.push(
      () => billing.close(),
      () => metering.close(),
      () => meteringConnection.disconnect(),
    );

    const urls: LocalStack['urls'] = {
      auth: authUrl,
      audit: `http://127.0.0.1:${auditPort}`,
      billing: `http://127.0.0.1:${billingPort}`,
    };
    const wiring = { authUrl, redisUrl: redis.url, redisPrefix: redis.prefix };
    if (licensingDb) {
      const licensing = await startLicensing(wiring, licensingDb, await freePort());
      closers.push(licensing.close);
      urls.licensing = licensing.url;
    }
    if (flagsDb) {
      const flags = await startFlags(wiring, flagsDb, await freePort(), {
        adminTenants: [boot.rootTenantId],
        billingUrl: urls.billing,
        ...(urls.licensing ? { licensingUrl: urls.licensing } : {}),
      });
      closers.push(flags.close);
      urls.flags = flags.url;
    }

    Object.assign(stack, { urls, adminKey, rootTenantId: boot.rootTenantId });
  }, hookTimeout);

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  }, hookTimeout);
  return stack;
}
