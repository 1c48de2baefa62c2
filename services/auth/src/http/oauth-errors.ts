import { isDomainError, problemFor } from '@bulwark/core';
import { sendProblem } from '@bulwark/service-kit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';

/**
 * Error mapping for `/oauth/*` routes only (plugin-scoped): RFC 6749 §5.2 JSON, never problem+json,
 * whatever failed — our own OAuth rules, the kit's rate limiter, body parsing or a bug.
 */
export function oauthErrorHandler(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const oauth = error instanceof OAuthError ? error : translate(error);
  if (oauth.status >= 500) request.log.error({ err: error }, 'request failed with an unexpected error');
  else request.log.warn({ oauth_error: oauth.error }, oauth.description);
  if (oauth.status === 401 && oauth.usedBasic) {
    reply.header('WWW-Authenticate', 'Basic realm="bulwark", charset="UTF-8"');
  }
  if (oauth.retryAfter !== undefined) reply.header('Retry-After', String(oauth.retryAfter));
  return reply
    .status(oauth.status)
    .type('application/json')
    .header('Cache-Control', 'no-store')
    .send(oauth.toJSON());
}

function translate(error: Error): OAuthError {
  if (isDomainError(error)) {
    if (error.code === 'rate_limited') {
      const out = new OAuthError('rate_limited', error.message);
      const retry = error.extensions?.retry_after;
      out.retryAfter = typeof retry === 'number' ? retry : 1;
      return out;
    }
    if (error.status === 401) return new OAuthError('invalid_token', error.message);
    if (error.status < 500) return new OAuthError('invalid_request', error.message);
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new OAuthError('invalid_request', error.message);
  }
  return new OAuthError('server_error', 'An internal error occurred.');
}

/**
 * Error mapping for `/v1/*` routes: a seed call that breaks an OAuth rule (shared with token exchange)
 * answers the same decision as problem+json; everything else goes on to service-kit's handler.
 */
export function oauthAsProblem(error: Error, request: FastifyRequest, reply: FastifyReply) {
  if (!(error instanceof OAuthError)) throw error;
  request.log.warn({ code: error.error, status: error.status }, 'request rejected');
  return sendProblem(
    reply,
    problemFor({ status: error.status, code: error.error, detail: error.description, requestId: request.id }),
  );
}
