import { type ProblemDetails, problemFor } from '@bulwark/core';
import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Sends an RFC 9457 body with the right status and media type. */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

export function simpleProblem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extensions?: Record<string, unknown>,
): ProblemDetails {
  return problemFor({ status, code, detail, requestId, extensions });
}
