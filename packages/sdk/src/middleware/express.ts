import type { VerifiedToken } from '../verifier/create-verifier.js';
import { type GuardOptions, type GuardRequest, createGuard, problemOf } from './guard.js';

/** Structural subset of express's req/res (also plain node:http), so the SDK does not depend on express. */
interface ExpressLikeRequest extends GuardRequest {
  bulwark?: VerifiedToken;
}
interface ExpressLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
  once(event: 'finish', listener: () => void): unknown;
}

/**
 * Express middleware: verifies the bearer token, checks scope / flag / budget, sets `req.bulwark`
 * and records the agent action when the response finishes.
 */
export function bulwarkExpress(options: GuardOptions) {
  const guard = createGuard(options);
  return function bulwarkMiddleware(
    req: ExpressLikeRequest,
    res: ExpressLikeResponse,
    next: (error?: unknown) => void,
  ) {
    guard(req).then(
      (decision) => {
        req.bulwark = decision.token;
        res.once('finish', () => decision.finish(res.statusCode));
        next();
      },
      (error: unknown) => {
        try {
          const problem = problemOf(error);
          res.statusCode = problem.status;
          res.setHeader('content-type', 'application/problem+json');
          if (problem.wwwAuthenticate) res.setHeader('www-authenticate', problem.wwwAuthenticate);
          res.end(JSON.stringify(problem.body));
        } catch (writeError) {
          // Never leave the request unanswered: hand it to the framework's error handler instead.
          next(writeError);
        }
      },
    );
  };
}
