import type { Clock } from '@bulwark/core';
import { type AuthOptions, type RateLimitOptions, type ServiceApp, buildService } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import type { LicensingDeps } from './domain/context.js';
import { VerifiedKeyCache } from './domain/verified-key-cache.js';
import { startDeadMachineReaper } from './jobs/dead-machine-reaper.js';
import { SigningKeyStore } from './keys/signing-keys.js';
import { registerCatalogRoutes } from './routes/catalog-routes.js';
import { registerLicenseRoutes } from './routes/license-routes.js';
import type { KeyRateLimitOptions } from './routes/key-rate-limit.js';
import { registerPublicRoutes } from './routes/public-routes.js';

export interface BuildAppOptions {
  pool: Pool;
  kek: Buffer;
  clock: Clock;
  auth: AuthOptions;
  logger?: boolean;
  rateLimit?: RateLimitOptions | false;
  /** Create the first signing key if none exists (default true; false only to render OpenAPI without a database). */
  bootstrapKeys?: boolean;
  /** How many verified keys to remember (LRU; default 10 000). */
  verifiedKeyCacheSize?: number;
  /** Per-license-key limit on the public routes (default 120/min); needs `rateLimit` on. */
  keyRateLimit?: KeyRateLimitOptions | false;
  /** Sweep for dead floating machines every `intervalMs` (default: off; server.ts turns it on). */
  reaper?: { intervalMs: number } | false;
}

export const SERVICE_VERSION = '0.1.0';

/** The licensing app on a migrated database; creates the first signing key if there is none. */
export async function buildApp(options: BuildAppOptions): Promise<ServiceApp> {
  const keys = new SigningKeyStore(options.pool, options.kek);
  if (options.bootstrapKeys !== false) await keys.ensureActive();
  const deps: LicensingDeps = {
    pool: options.pool,
    clock: options.clock,
    keys,
    kek: options.kek,
    verifiedKeys: new VerifiedKeyCache(options.verifiedKeyCacheSize),
  };
  const app = await buildService({
    name: 'licensing',
    version: SERVICE_VERSION,
    logger: options.logger ?? true,
    auth: options.auth,
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ready: { postgres: () => options.pool.query('SELECT 1') },
    openapi: {
      title: 'Bulwark licensing',
      description: 'Products, policies, signed license keys, machines, offline license and machine files.',
    },
  });
  registerPublicRoutes(app, deps, {
    keyRateLimit: options.keyRateLimit ?? { max: 120, timeWindowMs: 60_000 },
  });
  registerCatalogRoutes(app, deps);
  registerLicenseRoutes(app, deps);
  if (options.reaper) {
    const reaper = startDeadMachineReaper(deps, { intervalMs: options.reaper.intervalMs, log: app.log });
    app.addHook('onClose', () => reaper.stop());
  }
  return app;
}
