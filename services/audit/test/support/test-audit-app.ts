import type { ServiceApp } from '@bulwark/service-kit';
import { createTestIssuer, type ServedTestIssuer, type TestIssuer } from '@bulwark/testing';
import type { Pool } from 'pg';
import { type AuditAppOptions, buildAuditApp } from '../../src/app.js';
import { Kek } from '../../src/domain/checkpoints/kek.js';

export interface TestAuditApp {
  app: ServiceApp;
  /** Mints the tokens the app accepts (its JWKS and introspection are served locally). */
  issuer: TestIssuer;
  served: ServedTestIssuer;
  kek: Kek;
}

/**
 * The audit HTTP app alone (no relay or workers) on the test's database and Redis prefix, trusting a
 * fresh test issuer: the setup every API-level test shares. `config` and the other options add to or
 * override the test defaults (short webhook retries, 400-day retention, revocations off).
 */
export async function buildTestAuditApp(
  pool: Pool,
  redis: { url: string; prefix: string },
  options: Partial<Omit<AuditAppOptions, 'config' | 'pool' | 'kek' | 'auth'>> & {
    config?: Partial<AuditAppOptions['config']>;
  } = {},
): Promise<TestAuditApp> {
  const { config, ...rest } = options;
  const issuer = await createTestIssuer();
  const served = await issuer.serveJwks();
  const kek = Kek.parse(Kek.generateEncoded());
  const app = await buildAuditApp({
    config: {
      issuer: issuer.issuer,
      audience: issuer.audience,
      authUrl: served.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      retentionDefaultDays: 400,
      webhookAttempts: 3,
      webhookBackoffMs: 50,
      ...config,
    },
    pool,
    kek,
    auth: { jwksUrl: served.jwksUrl, introspectionUrl: served.introspectionUrl, revocations: false },
    logger: false,
    ...rest,
  });
  return { app, issuer, served, kek };
}
