import {
  type ErrorCode,
  ERROR_STATUS,
  type ProblemDetails,
  isDomainError,
  problemFor,
  problemFromDomainError,
} from '@bulwark/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wwwAuthenticateFor } from './auth/auth-errors.js';
import { sendProblem } from './problem-reply.js';
import { validationFields } from './validation-fields.js';

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  (Object.entries(ERROR_STATUS) as [ErrorCode, number][])
    .filter(
      ([code]) =>
        code !== 'validation_failed' && code !== 'insufficient_scope' && code !== 'idempotency_conflict',
    )
    .map(([code, status]) => [status, code]),
);

/** Details for fastify's own request-parsing errors; their messages are safe but not always friendly. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    'The request body is empty but Content-Type says it is JSON; send a JSON body.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'This Content-Type is not supported; send `Content-Type: application/json`.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body that was sent.',
  FST_ERR_BAD_URL: 'The request URL is malformed.',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';
}

export const OPAQUE_500_DETAIL = (requestId: string) =>
  `An unexpected error occurred; quote request_id ${requestId} when reporting it.`;

/** Maps anything thrown during a request to the problem body a client may see. Never leaks internals. */
export function problemForError(error: unknown, requestId: string, bodyLimit: number): ProblemDetails {
  if (isDomainError(error)) return problemFromDomainError(error, requestId);

  if (isFastifyError(error) && error.validation) {
    const fields = validationFields(error.validation, error.validationContext);
    return problemFor({
      status: 400,
      code: 'validation_failed',
      detail: `The request is invalid: ${fields.length} field(s) failed validation; see \`errors\`.`,
      requestId,
      fields,
    });
  }

  if (
    isFastifyError(error) &&
    error.statusCode !== undefined &&
    error.statusCode >= 400 &&
    error.statusCode < 500
  ) {
    const status = error.statusCode;
    const code = CODE_BY_STATUS.get(status) ?? 'bad_request';
    const detail =
      status === 413
        ? `The request body is larger than the ${bodyLimit}-byte limit.`
        : (FASTIFY_DETAILS[error.code] ??
          (error.code.startsWith('FST_') ? error.message : 'The request could not be processed.'));
    return problemFor({ status: CODE_BY_STATUS.has(status) ? status : 400, code, detail, requestId });
  }

  return problemFor({ status: 500, code: 'internal', detail: OPAQUE_500_DETAIL(requestId), requestId });
}

function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply, bodyLimit: number) {
  const problem = problemForError(error, request.id, bodyLimit);
  if (problem.status >= 500) {
    request.log.error({ err: error, status: problem.status }, 'request failed with an unexpected error');
  } else {
    request.log.warn(
      { code: problem.code, status: problem.status, detail: problem.detail },
      'request rejected',
    );
  }
  const challenge = wwwAuthenticateFor(error);
  if (challenge) reply.header('www-authenticate', challenge);
  if (problem.code === 'rate_limited' && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(problem.retry_after ?? 1));
  }
  return sendProblem(reply, problem);
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * One error handler for the whole app, plus 404/405: unknown paths are 404, a known path with the
 * wrong method is 405 with `Allow` (RFC 9110 §15.5.6) — both as problem+json.
 */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply, bodyLimit));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const shown = `${request.method} ${path.slice(0, 200)}`;
    const allowed = METHODS.filter(
      (method) => method !== request.method && app.findRoute({ method, url: path }) !== null,
    );
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      const detail = `${shown} is not supported; this resource allows ${allowed.join(', ')}.`;
      request.log.warn({ code: 'method_not_allowed', status: 405 }, 'request rejected');
      return sendProblem(
        reply,
        problemFor({ status: 405, code: 'method_not_allowed', detail, requestId: request.id }),
      );
    }
    request.log.warn({ code: 'not_found', status: 404 }, 'request rejected');
    const detail = `No route matches ${shown}.`;
    return sendProblem(reply, problemFor({ status: 404, code: 'not_found', detail, requestId: request.id }));
  });
}
