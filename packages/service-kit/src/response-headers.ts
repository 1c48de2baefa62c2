import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';
import { apiSecurityHeaders, helmetDefaultHeaders, isJsonContentType } from './security-headers.js';

/**
 * Everything the kit adds to a response, in one `onSend` hook: `x-request-id`, and the security
 * headers — the API set on JSON answers, helmet's full default set on anything else (the OpenAPI UI,
 * dashboards, HTML, CSV, text). Decided at send time, when the content type is known, so every
 * response gets them (404s and errors included); both sets are computed once at boot. One hook
 * rather than an `onRequest` for the request id plus an `onSend` for the security headers: each hook
 * a request passes through costs fastify's hook runner.
 */
export function registerResponseHeaders(app: FastifyInstance): void {
  const full = helmetDefaultHeaders();
  const api = apiSecurityHeaders();
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.headers(isJsonContentType(reply.getHeader('content-type')) ? api : full);
    done(null, payload);
  });
}
