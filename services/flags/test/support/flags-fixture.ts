import { randomBytes } from 'node:crypto';
import { createTestIssuer, type ServedTestIssuer, type TestIssuer, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type FlagsService } from '../../src/app.js';
import type { ContextEnricher } from '../../src/enrichment/context-enricher.js';
import { migrationSources } from '../../src/migrations.js';

export interface FlagsFixture {
  readonly service: FlagsService;
  readonly issuer: TestIssuer;
  readonly db: ReturnType<typeof useTestDatabase>;
  /** A token for `tenant` with `scope`; `claims` may add/replace any claim. */
  token(tenant: string, scope: string, claims?: Record<string, unknown>): Promise<string>;
}

/**
 * One embedded Unleash per test file (it boots in seconds and runs its own migrations), on the
 * file's own database, with tokens from a local test issuer.
 */
export function useFlagsService(
  options: { refreshMs?: number; enricher?: ContextEnricher; intentGraceMs?: number } = {},
): FlagsFixture {
  const db = useTestDatabase(migrationSources);
  let service: FlagsService | undefined;
  let issuer: TestIssuer | undefined;
  let served: ServedTestIssuer | undefined;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    served = await issuer.serveJwks();
    service = await buildApp({
      pool: db.pool,
      databaseUrl: db.url,
      kek: randomBytes(32),
      auth: {
        issuer: issuer.issuer,
        audiences: ['bulwark', 'bulwark:flags'],
        jwksUrl: served.jwksUrl,
        introspectionUrl: served.introspectionUrl,
      },
      refreshMs: options.refreshMs ?? 500,
      eventPollMs: 60_000,
      ...(options.intentGraceMs !== undefined && { intentGraceMs: options.intentGraceMs }),
      unleashAdminTenants: ['ten_u'],
      logger: false,
      rateLimit: false,
      ...(options.enricher && { enricher: options.enricher }),
    });
    await service.app.ready();
  }, 180_000);

  afterAll(async () => {
    await service?.app.close();
    await served?.close();
  }, 60_000);

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('flags fixture used outside tests');
    return value;
  };
  return {
    get service() {
      return need(service);
    },
    get issuer() {
      return need(issuer);
    },
    db,
    token: (tenant, scope, claims = {}) =>
      need(issuer).mint({ tenant_id: tenant, scope, sub: `usr_${tenant}`, ...claims }),
  };
}
