import { withAdvisoryLock } from '@bulwark/db';
import {
  type AuthOptions,
  buildService,
  type RateLimitOptions,
  type ServiceApp,
  serviceInternals,
} from '@bulwark/service-kit';
import type { Pool } from 'pg';
import { type EventPoller, startUnleashEventPoller } from './audit/unleash-event-poller.js';
import type { FlagsDeps } from './domain/context.js';
import { type ContextEnricher, createHttpEnricher } from './enrichment/context-enricher.js';
import { FlagEngine } from './engine/flag-engine.js';
import { createKillSwitchChecker, type KillSwitchChecker } from './engine/kill-switch.js';
import { registerEvaluateRoute } from './routes/evaluate-route.js';
import { registerFlagRoutes } from './routes/flag-routes.js';
import { registerSdkTokenRoute } from './routes/sdk-token-route.js';
import { UnleashAdminApi } from './unleash/admin-api.js';
import { type EmbeddedUnleash, startEmbeddedUnleash } from './unleash/embedded-unleash.js';
import { mountUnleash } from './unleash/mount.js';
import { loadOrCreateUnleashTokens, type UnleashTokens } from './unleash/sdk-tokens.js';

export const SERVICE_VERSION = '0.1.0';

export interface BuildAppOptions {
  pool: Pool;
  /** The same database as `pool`; Unleash opens its own knex pool on it (schema `unleash`). */
  databaseUrl: string;
  kek: Buffer;
  auth: AuthOptions;
  environment?: string;
  refreshMs?: number;
  /** Licensing/billing lookups for the context; `enricher` replaces the HTTP one (tests). */
  enrichment?: { licensingUrl?: string; billingUrl?: string; ttlMs?: number };
  enricher?: ContextEnricher;
  eventPollMs?: number;
  /** FLAGS_INTENT_GRACE_MS: when an unfinished /v1/flags change intent is settled by the poller. */
  intentGraceMs?: number;
  /** Operator tenants allowed into the raw Unleash UI (it is not tenant-isolated). Default none. */
  unleashAdminTenants?: readonly string[];
  fallbackTenant?: string;
  logger?: boolean;
  rateLimit?: RateLimitOptions | false;
  /** POST /v1/evaluate's per-IP limit (FLAGS_EVALUATE_LIMIT_PER_MINUTE); default 60,000/min. */
  evaluateLimitPerMinute?: number;
}

export interface FlagsService {
  app: ServiceApp;
  engine: FlagEngine;
  killSwitches: KillSwitchChecker;
  poller: EventPoller;
  tokens: UnleashTokens;
  unleash: EmbeddedUnleash;
}

/**
 * The flags service on a migrated database: embedded Unleash under `/unleash`, one polling
 * unleash-client for local evaluation, Bulwark's `/v1` API, and the Unleash event → audit poller.
 */
export async function buildApp(options: BuildAppOptions): Promise<FlagsService> {
  const environment = options.environment ?? 'development';
  const refreshMs = options.refreshMs ?? 5_000;
  const tokens = await loadOrCreateUnleashTokens(options.pool, options.kek, environment);

  let engine: FlagEngine | undefined;
  const app = await buildService({
    name: 'flags',
    version: SERVICE_VERSION,
    logger: options.logger ?? true,
    auth: options.auth,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ready: {
      postgres: () => options.pool.query('SELECT 1'),
      unleash: async () => {
        if (!(await engine?.ready(1_000))) throw new Error('flag definitions not loaded from Unleash yet');
      },
    },
    openapi: {
      title: 'Bulwark flags',
      description:
        'Feature flags on an embedded Unleash (under /unleash): tenant-scoped flags, token-derived evaluation, kill switches.',
    },
  });
  const authenticator = serviceInternals(app)?.authenticator;
  if (!authenticator) throw new Error('flags: buildService returned no authenticator');

  // Replicas booting together must not run Unleash's own migrations concurrently.
  const lockClient = await options.pool.connect();
  let unleash: EmbeddedUnleash;
  try {
    unleash = await withAdvisoryLock(lockClient, 'bulwark-flags-unleash-boot', () =>
      startEmbeddedUnleash({
        databaseUrl: options.databaseUrl,
        tokens,
        environment,
        authenticate: (authorization) => authenticator.authenticate(authorization),
        adminTenants: options.unleashAdminTenants ?? [],
        log: app.log,
      }),
    );
  } finally {
    lockClient.release();
  }
  mountUnleash(app.server, unleash);

  engine = new FlagEngine({
    url: unleash.internalUrl,
    token: tokens.backend,
    refreshMs,
    onError: (error) => app.log.warn({ err: error.message }, 'unleash-client could not refresh flags'),
  });
  await engine.ready(30_000);

  const poller = startUnleashEventPoller({
    pool: options.pool,
    intervalMs: options.eventPollMs ?? 2_000,
    ...(options.intentGraceMs !== undefined && { intentGraceMs: options.intentGraceMs }),
    fallbackTenant: options.fallbackTenant ?? 'system',
    onError: (error) => app.log.warn({ err: (error as Error).message }, 'unleash event poll failed'),
  });
  // Starts the cursor at "now": Unleash's own boot events are not user changes.
  await poller.pollOnce();

  const deps: FlagsDeps = {
    pool: options.pool,
    admin: new UnleashAdminApi({ baseUrl: unleash.internalUrl, adminToken: tokens.admin }),
    environment,
  };
  const enricher =
    options.enricher ??
    createHttpEnricher({
      licensingUrl: options.enrichment?.licensingUrl,
      billingUrl: options.enrichment?.billingUrl,
      ttlMs: options.enrichment?.ttlMs ?? 30_000,
    });
  registerEvaluateRoute(app, { engine, enricher, limitPerMinute: options.evaluateLimitPerMinute });
  registerFlagRoutes(app, deps);
  registerSdkTokenRoute(app, { tokens, environment, refreshMs });

  const flagEngine = engine;
  app.addHook('onClose', async () => {
    await poller.stop();
    flagEngine.close();
    await unleash.stop();
  });
  return {
    app,
    engine: flagEngine,
    killSwitches: createKillSwitchChecker({ evaluator: flagEngine }),
    poller,
    tokens,
    unleash,
  };
}
