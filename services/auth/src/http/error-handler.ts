import { type DomainError, isDomainError, problemFor, problemFromDomainError } from '@bulwark/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';

/**
 * One error mapping for the whole service: OAuth endpoints answer RFC 6749 §5.2 JSON, everything
 * else RFC 9457 problem+json. 4xx are logged at warn, 5xx at error; no stack or SQL reaches a client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | OAuthError | Error, request, reply) => {
    if (error instanceof OAuthError && !request.url.startsWith('/oauth/')) {
      // A /v1 route (the seed call) reached an OAuth rule: same decision, problem+json shape.
      request.log.warn({ code: error.error }, error.description);
      return reply
        .status(error.status)
        .type('application/problem+json')
        .send(
          problemFor({
            status: error.status,
            code: error.error,
            detail: error.description,
            requestId: request.id,
          }),
        );
    }
    if (!(error instanceof OAuthError) && request.url.startsWith('/oauth/')) {
      // OAuth endpoints speak RFC 6749 §5.2 only, whatever went wrong.
      const fe = error as FastifyError;
      const status =
        fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500
          ? fe.statusCode
          : isDomainError(error)
            ? error.status
            : 500;
      if (status >= 500) request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(status)
        .type('application/json')
        .header('Cache-Control', 'no-store')
        .send({
          error: status >= 500 ? 'server_error' : status === 401 ? 'invalid_token' : 'invalid_request',
          error_description: status >= 500 ? 'An internal error occurred.' : error.message,
        });
    }
    if (error instanceof OAuthError) {
      if (error.status === 401 && error.usedBasic)
        reply.header('WWW-Authenticate', 'Basic realm="bulwark", charset="UTF-8"');
      if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
      reply.header('Cache-Control', 'no-store');
      request.log.warn({ oauth_error: error.error }, error.description);
      return reply.status(error.status).type('application/json').send(error.toJSON());
    }
    if (isDomainError(error)) {
      request.log.warn({ code: error.code }, error.message);
      if (error.code === 'rate_limited')
        reply.header('Retry-After', String(error.extensions?.retry_after ?? 60));
      return reply
        .status(error.status)
        .type('application/problem+json')
        .send(problemFromDomainError(error, request.id));
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      const fields = fe.validation.map((v) => ({
        field: `/${fe.validationContext ?? 'body'}${v.instancePath || ''}`,
        message: v.message ?? 'invalid',
      }));
      request.log.warn({ fields }, 'validation failed');
      return reply
        .status(400)
        .type('application/problem+json')
        .send(
          problemFor({
            status: 400,
            code: 'validation_failed',
            detail: 'The request is invalid.',
            requestId: request.id,
            fields,
          }),
        );
    }
    const status =
      typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    else request.log.warn({ code: fe.code }, fe.message);
    return reply
      .status(status)
      .type('application/problem+json')
      .send(
        problemFor({
          status,
          code:
            status === 415
              ? 'unsupported_media_type'
              : status === 413
                ? 'payload_too_large'
                : status >= 500
                  ? 'internal'
                  : 'bad_request',
          detail: status >= 500 ? 'An internal error occurred.' : fe.message,
          requestId: request.id,
        }),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send(
        problemFor({
          status: 404,
          code: 'not_found',
          detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
          requestId: request.id,
        }),
      ),
  );
}
