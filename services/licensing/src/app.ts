import type { Clock } from '@bulwark/core';
import { type AuthOptions, type RateLimitOptions, type ServiceApp, buildService } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import type { LicensingDeps } from './domain/context.js';
import { SigningKeyStore } from './keys/signing-keys.js';
import { registerCatalogRoutes } from './routes/catalog-routes.js';
import { registerLicenseRoutes } from './routes/license-routes.js';
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
}

export const SERVICE_VERSION = '0.1.0';

/** The licensing app on a migrated database; creates the first signing key if there is none. */
export async function buildApp(options: BuildAppOptions): Promise<ServiceApp> {
  const keys = new SigningKeyStore(options.pool, options.kek);
  if (options.bootstrapKeys !== false) await keys.ensureActive();
  const deps: LicensingDeps = { pool: options.pool, clock: options.clock, keys, kek: options.kek };
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
  registerPublicRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerLicenseRoutes(app, deps);
  return app;
}
