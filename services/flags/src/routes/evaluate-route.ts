import { UnauthenticatedError } from '@bulwark/core';
import { type ServiceApp, serviceInternals } from '@bulwark/service-kit';
import { evaluateFlags } from '../domain/evaluate.js';
import type { ContextEnricher } from '../enrichment/context-enricher.js';
import type { FlagEngine } from '../engine/flag-engine.js';
import { EvaluateBody, EvaluateResponse, Problem } from './schemas.js';

/**
 * `POST /v1/evaluate` accepts any valid Bulwark credential (agent or user token, API key): agents
 * must be able to read their own flags without holding a flags scope. The kit's route-level scope
 * check cannot say "authenticated, no scope", so the route is declared public to the kit and
 * verifies the bearer itself with the same authenticator every protected route uses.
 */
export function registerEvaluateRoute(
  app: ServiceApp,
  deps: { engine: FlagEngine; enricher: ContextEnricher },
): void {
  app.post(
    '/v1/evaluate',
    {
      config: { public: true },
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
      const authenticator = serviceInternals(app)?.authenticator;
      if (!authenticator)
        throw new UnauthenticatedError('This service has no credential verifier configured.');
      const authorization = request.headers.authorization;
      const actor = await authenticator.authenticate(authorization);
      request.actor = actor;
      const context = request.body.context;
      return evaluateFlags(deps, actor, authorization ?? '', {
        ...(request.body.flags && { flags: request.body.flags }),
        ...(context && {
          context: {
            ...(context.session_id !== undefined && { sessionId: context.session_id }),
            ...(context.remote_address !== undefined && { remoteAddress: context.remote_address }),
            ...(context.properties && { properties: context.properties }),
          },
        }),
      });
    },
  );
}
