import { UnauthenticatedError } from '@bulwark/core';
import { type Authenticator, type ServiceApp, serviceInternals } from '@bulwark/service-kit';
import { evaluateFlags } from '../domain/evaluate.js';
import type { CallerContext } from '../engine/evaluation-context.js';
import type { ContextEnricher } from '../enrichment/context-enricher.js';
import type { FlagEngine } from '../engine/flag-engine.js';
import { EvaluateBody, EvaluateResponse, Problem } from './schemas.js';

function callerContextOf(body: {
  session_id?: string;
  remote_address?: string;
  properties?: Record<string, string>;
}): CallerContext {
  return {
    ...(body.session_id !== undefined && { sessionId: body.session_id }),
    ...(body.remote_address !== undefined && { remoteAddress: body.remote_address }),
    ...(body.properties && { properties: body.properties }),
  };
}

const DEFAULT_LIMIT_PER_MINUTE = 60_000;

/**
 * `POST /v1/evaluate` accepts any valid Bulwark credential (agent or user token, API key): agents
 * must be able to read their own flags without holding a flags scope. The kit's route-level scope
 * check cannot say "authenticated, no scope", so the route is declared public to the kit and
 * verifies the bearer itself with the same authenticator every protected route uses.
 */
export function registerEvaluateRoute(
  app: ServiceApp,
  deps: { engine: FlagEngine; enricher: ContextEnricher; limitPerMinute?: number },
): void {
  let authenticator: Authenticator | undefined;
  app.post(
    '/v1/evaluate',
    {
      // A hot read path called by agents on every capability check (many behind one NAT or
      // gateway): the kit's 600/min per IP would throttle one busy host at 10 req/s. The limit stays
      // as flood protection, by default at 1,000 req/s per IP (FLAGS_EVALUATE_LIMIT_PER_MINUTE).
      config: { public: true, rateLimit: { max: deps.limitPerMinute ?? DEFAULT_LIMIT_PER_MINUTE } },
      schema: {
        tags: ['evaluation'],
        description:
          'Evaluates flags for the caller. The context (userId, agentId, tenantId, scopes, entitlements, plan) comes from the verified bearer credential; caller properties with those names are ignored.',
        security: [{ bearer: [] }],
        body: EvaluateBody,
        response: { 200: EvaluateResponse, 401: Problem },
      },
    },
    async (request) => {
      authenticator ??= serviceInternals(app)?.authenticator;
      if (!authenticator)
        throw new UnauthenticatedError('This service has no credential verifier configured.');
      const authorization = request.headers.authorization;
      // An already verified token answers synchronously (revocation still checked); else the full path.
      const actor =
        authenticator.authenticateCached?.(authorization) ??
        (await authenticator.authenticate(authorization));
      request.actor = actor;
      const { flags, context } = request.body;
      return evaluateFlags(deps, actor, authorization ?? '', {
        ...(flags && { flags }),
        ...(context && { context: callerContextOf(context) }),
      });
    },
  );
}
