import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { create } from 'unleash-server';
import { type AuthenticateBearer, bulwarkCustomAuth } from './custom-auth.js';
import { type LogSink, unleashLogProvider } from './logger.js';
import { initApiTokens, type UnleashTokens } from './sdk-tokens.js';

export const UNLEASH_BASE_PATH = '/unleash';

export interface EmbeddedUnleashOptions {
  /** `bulwark_flags`; Unleash keeps its tables in schema `unleash` (created by our migration). */
  databaseUrl: string;
  tokens: UnleashTokens;
  environment: string;
  authenticate: AuthenticateBearer;
  /** Tenants whose flags:admin credentials may use the raw Unleash UI/Admin API. */
  adminTenants: readonly string[];
  log: LogSink;
}

export interface EmbeddedUnleash {
  /** Unleash's express app; mounted under `/unleash` on the public port by `mountUnleash`. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Loopback URL (with `/unleash`) where the in-process SDK client and our Admin API wrapper talk to it. */
  internalUrl: string;
  stop(): Promise<void>;
}

/** Unleash defaults to TLS towards Postgres; follow the URL's `sslmode` instead (none = plain). */
function sslFor(databaseUrl: string): false | { rejectUnauthorized: boolean } {
  const mode = new URL(databaseUrl).searchParams.get('sslmode');
  if (!mode || mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' || mode === 'verify-ca' };
}

/**
 * Boots unleash-server in-process with `create()` (it does not listen by itself), then serves its
 * express app on a loopback port for our own clients. Unleash runs its own migrations in schema
 * `unleash`; telemetry and version checks are off; only Bulwark credentials or Unleash tokens get in.
 */
export async function startEmbeddedUnleash(options: EmbeddedUnleashOptions): Promise<EmbeddedUnleash> {
  // Unleash reads SEND_TELEMETRY itself and treats `telemetry: false` as "unset" (`false || env`),
  // so the variable is the only switch that really turns it off.
  process.env.SEND_TELEMETRY = 'false';
  const unleash = await create({
    databaseUrl: options.databaseUrl,
    db: {
      schema: 'unleash',
      ssl: sslFor(options.databaseUrl),
      pool: { min: 0, max: 4 },
      applicationName: 'bulwark-flags-unleash',
    },
    getLogger: unleashLogProvider(options.log),
    server: {
      baseUriPath: UNLEASH_BASE_PATH,
      serverMetrics: false,
      enableRequestLogger: false,
      gracefulShutdownEnable: false,
    },
    versionCheck: { enable: false },
    telemetry: false,
    // Served fresh from the database so a toggle reaches SDKs within one refresh interval.
    clientFeatureCaching: { enabled: false },
    authentication: {
      type: 'custom' as never,
      enableApiToken: true,
      createAdminUser: false,
      customAuthHandler: bulwarkCustomAuth(options.authenticate, {
        adminTenants: options.adminTenants,
      }) as never,
      initApiTokens: initApiTokens(options.tokens, options.environment) as never,
    },
  });
  const expressApp = unleash.app as unknown as (request: IncomingMessage, response: ServerResponse) => void;
  const server: Server = createServer(expressApp);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    handle: expressApp,
    internalUrl: `http://127.0.0.1:${port}${UNLEASH_BASE_PATH}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unleash.stop();
    },
  };
}
