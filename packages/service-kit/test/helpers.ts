import { createTestIssuer, type ServedTestIssuer, type TestIssuer } from '@bulwark/testing';
import { type AuthOptions, type BuildServiceOptions, buildService, type ServiceApp } from '../src/index.js';

/** Collects pino's JSON lines so tests can assert on what was logged. */
export function captureLogs() {
  const lines: string[] = [];
  return {
    lines,
    logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export interface AuthFixture {
  issuer: TestIssuer;
  served: ServedTestIssuer;
  auth: AuthOptions;
  close(): Promise<void>;
}

export async function authFixture(extra: Partial<AuthOptions> = {}): Promise<AuthFixture> {
  const issuer = await createTestIssuer();
  const served = await issuer.serveJwks();
  return {
    issuer,
    served,
    auth: {
      issuer: issuer.issuer,
      audiences: ['bulwark', 'bulwark:test'],
      jwksUrl: served.jwksUrl,
      introspectionUrl: served.introspectionUrl,
      ...extra,
    },
    close: () => served.close(),
  };
}

/** An app with a few representative routes, as a service would build it. */
export async function testApp(options: Partial<BuildServiceOptions> = {}): Promise<ServiceApp> {
  const app = await buildService({
    name: 'test',
    version: '1.2.3',
    logger: false,
    rateLimit: false,
    ...options,
  });
  if (options.auth) {
    app.get('/v1/whoami', { config: { scope: 'audit:read' } }, async (request) => ({ actor: request.actor }));
  }
  app.get('/v1/public', { config: { public: true } }, async (request) => ({ actor: request.actor ?? null }));
  return app;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
