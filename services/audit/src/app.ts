import { buildService, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import type { AuditConfig } from './config.js';
import { registerIngestRoute } from './routes/ingest-route.js';
import { registerQueryRoutes } from './routes/query-routes.js';
import { registerVerifyRoute } from './routes/verify-route.js';

export interface AuditAppOptions {
  config: Pick<AuditConfig, 'issuer' | 'audience' | 'authUrl' | 'redisUrl' | 'redisPrefix'>;
  pool: Pool;
  /** Overrides for tests (a local JWKS/introspection server). */
  auth?: { jwksUrl?: string; introspectionUrl?: string; revocations?: boolean };
  logger?: boolean;
}

/** The audit HTTP API: ingest, query, export, verify. Process concerns live in server.ts. */
export async function buildAuditApp(options: AuditAppOptions): Promise<ServiceApp> {
  const { config, pool } = options;
  const app = await buildService({
    name: 'audit',
    version: '0.1.0',
    logger: options.logger ?? true,
    // 1,000 events of a few KB each.
    bodyLimit: 8 * 1024 * 1024,
    auth: {
      issuer: config.issuer,
      audiences: [config.audience, `${config.audience}:audit`],
      jwksUrl: options.auth?.jwksUrl ?? `${config.authUrl}/.well-known/jwks.json`,
      introspectionUrl: options.auth?.introspectionUrl ?? `${config.authUrl}/oauth/introspect`,
      ...(options.auth?.revocations !== false && {
        redis: { url: config.redisUrl, prefix: config.redisPrefix },
      }),
    },
    ready: { postgres: () => pool.query('SELECT 1') },
    openapi: { description: 'Tamper-evident audit trail: ingest, search, export and verify.' },
  });
  registerIngestRoute(app, pool);
  registerQueryRoutes(app, pool);
  registerVerifyRoute(app, pool);
  return app;
}
