import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The headers helmet's defaults set, computed once. They do not depend on the request (no CSP
 * nonces, no per-route options), yet @fastify/helmet rebuilds helmet's whole middleware chain — CSP
 * directive parsing included — on every request; in the /v1/evaluate profile that was the largest
 * single cost after the handler itself.
 */
export function helmetDefaultHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  let failed: unknown;
  helmet()({} as IncomingMessage, response, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return Object.freeze(headers);
}

/** Sets helmet's default security headers on every response, from the precomputed set. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetDefaultHeaders();
  const names = Object.keys(headers);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const name of names) reply.header(name, headers[name]);
    done();
  });
}
