import { randomBytes } from 'node:crypto';
import { systemClock } from '@bulwark/core';
import type { BuildAppOptions as LicensingAppOptions } from '@bulwark/licensing';
import { useTestDatabase } from '@bulwark/testing';
import { beforeAll } from 'vitest';

/*
 * Licensing and flags are imported only when a test asks for them: the default stack must not load
 * unleash-server (heavy) nor break when those services' sources are mid-change.
 */

type Pool = LicensingAppOptions['pool'];
type MigrationSources = Parameters<typeof useTestDatabase>[0];

/** What licensing and flags need to trust the stack's auth exactly as under `npm start`. */
export interface StackAuthWiring {
  authUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

interface StartedService {
  url: string;
  close: () => Promise<unknown>;
}

/**
 * `useTestDatabase` for a service loaded lazily: a hook registered first loads the migration
 * sources into the array that `useTestDatabase` reads in its own (later) hook.
 */
export function useLazyServiceDatabase(load: () => Promise<MigrationSources>) {
  const sources: MigrationSources[number][] = [];
  beforeAll(async () => {
    sources.push(...(await load()));
  });
  return useTestDatabase(sources);
}

export const licensingMigrations = async () => (await import('@bulwark/licensing')).migrationSources;
export const flagsMigrations = async () => (await import('@bulwark/flags')).migrationSources;

function authOptions(wiring: StackAuthWiring, service: string) {
  return {
    issuer: wiring.authUrl,
    audiences: ['bulwark', `bulwark:${service}`],
    jwksUrl: `${wiring.authUrl}/.well-known/jwks.json`,
    introspectionUrl: `${wiring.authUrl}/oauth/introspect`,
    redis: { url: wiring.redisUrl, prefix: wiring.redisPrefix },
  };
}

/** The real licensing service on `port` (no rate limits, no reaper: tests drive time themselves). */
export async function startLicensing(
  wiring: StackAuthWiring,
  db: { pool: Pool },
  port: number,
): Promise<StartedService> {
  const { buildApp } = await import('@bulwark/licensing');
  const app = await buildApp({
    pool: db.pool,
    kek: randomBytes(32),
    clock: systemClock,
    logger: false,
    rateLimit: false,
    auth: authOptions(wiring, 'licensing'),
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * The real flags service (embedded Unleash, which runs its own migrations: slow) on `port`.
 * `refreshMs` is short so a toggle reaches evaluation quickly; the Unleash event poller is
 * effectively idle (tests change flags through `/v1/flags`, not through the Unleash UI).
 */
export async function startFlags(
  wiring: StackAuthWiring,
  db: { pool: Pool; url: string },
  port: number,
  options: { adminTenants: string[]; licensingUrl?: string; billingUrl: string },
): Promise<StartedService> {
  const { buildApp } = await import('@bulwark/flags');
  const service = await buildApp({
    pool: db.pool,
    databaseUrl: db.url,
    kek: randomBytes(32),
    auth: authOptions(wiring, 'flags'),
    refreshMs: 500,
    eventPollMs: 60_000,
    unleashAdminTenants: options.adminTenants,
    enrichment: {
      billingUrl: options.billingUrl,
      ...(options.licensingUrl ? { licensingUrl: options.licensingUrl } : {}),
      ttlMs: 1_000,
    },
    logger: false,
    rateLimit: false,
  });
  await service.app.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, close: () => service.app.close() };
}
