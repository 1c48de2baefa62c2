import { systemClock } from '@bulwark/core';
import type { ServiceApp } from '@bulwark/service-kit';
import pg from 'pg';
import { buildApp } from './app.js';

/** The app as OpenAPI sees it: routes and schemas only. The pool is never connected. */
export function buildOpenApiApp(): Promise<ServiceApp> {
  return buildApp({
    pool: new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' }),
    kek: Buffer.alloc(32),
    clock: systemClock,
    logger: false,
    bootstrapKeys: false,
    auth: {
      issuer: 'http://127.0.0.1:4001',
      audiences: ['bulwark', 'bulwark:licensing'],
      jwksUrl: 'http://127.0.0.1:4001/.well-known/jwks.json',
      introspectionUrl: 'http://127.0.0.1:4001/oauth/introspect',
    },
  });
}
