import type { VerifiedToken } from '../verifier/create-verifier.js';
import { type GuardOptions, type GuardRequest, createGuard, problemOf } from './guard.js';

/** Structural subset of fastify's request/reply, so the SDK does not depend on fastify. */
interface FastifyLikeRequest extends GuardRequest {
  bulwark?: VerifiedToken;
}
interface FastifyLikeReply {
  statusCode: number;
  code(status: number): FastifyLikeReply;
  header(name: string, value: string): FastifyLikeReply;
  type(contentType: string): FastifyLikeReply;
  send(body: unknown): FastifyLikeReply;
  raw: { once(event: 'finish', listener: () => void): unknown };
}

/**
 * A fastify `preHandler` that verifies the bearer token, checks scope / flag / budget and records
 * the agent action when the response finishes. The verified token is `request.bulwark`.
 *
 *   app.get('/mail', { preHandler: bulwarkFastify({ verifier, scope: 'email', recorder, action: 'agent.action.email.read' }) }, handler)
 */
export function bulwarkFastify(options: GuardOptions) {
  const guard = createGuard(options);
  return async function bulwarkPreHandler(
    request: FastifyLikeRequest,
    reply: FastifyLikeReply,
  ): Promise<void> {
    try {
      const decision = await guard(request);
      request.bulwark = decision.token;
      reply.raw.once('finish', () => decision.finish(reply.statusCode));
    } catch (error) {
      const problem = problemOf(error);
      if (problem.wwwAuthenticate) reply.header('www-authenticate', problem.wwwAuthenticate);
      await reply.code(problem.status).type('application/problem+json').send(problem.body);
    }
  };
}
