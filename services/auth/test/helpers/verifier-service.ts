import { buildService, type ServiceApp } from '@bulwark/service-kit';
import { freePort } from '@bulwark/testing';
import type { AuthInstance } from './harness.js';

/**
 * A tiny resource server built with service-kit, exactly as other Bulwark services are: JWKS and
 * introspection from the given auth instance, revocations from its Redis prefix.
 */
export async function startVerifierService(
  auth: AuthInstance,
): Promise<{ app: ServiceApp; url: string; close: () => Promise<void> }> {
  const app = await buildService({
    name: 'probe',
    version: '0.0.0',
    logger: false,
    rateLimit: false,
    auth: {
      issuer: auth.config.issuer,
      audiences: [auth.config.audience],
      jwksUrl: `${auth.url}/.well-known/jwks.json`,
      introspectionUrl: `${auth.url}/oauth/introspect`,
      redis: { url: auth.config.redisUrl, prefix: auth.config.redisPrefix },
    },
  });
  app.get('/probe', { config: { scope: 'email:read' } }, async (request) => ({
    actor: request.actor?.id ?? null,
  }));
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Polls `probe` until it answers `status` or the deadline passes; returns the last status seen. */
export async function pollUntil(
  probe: () => Promise<number>,
  status: number,
  deadlineMs: number,
): Promise<{ status: number; polls: number }> {
  const until = Date.now() + deadlineMs;
  let polls = 0;
  let last = await probe();
  while (last !== status && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
    polls++;
  }
  return { status: last, polls };
}
