import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../context.js';
import { splitForm } from '../http/form-body.js';
import { introspectToken } from '../oauth/introspect.js';
import { introspectionGate } from '../oauth/introspection-gate.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { revokeToken } from '../oauth/revoke.js';
import { authenticateOAuthCaller } from './oauth-caller.js';
import { oauthErrorResponses } from './schemas.js';
import { hotRouteLogging, sourceOf } from './token-routes.js';

function formParams(body: unknown): Record<string, string> {
  const { params, duplicate } = splitForm(body);
  if (duplicate)
    throw new OAuthError(
      'invalid_request',
      `The parameter ${duplicate.slice(0, 50)} appears more than once.`,
    );
  if (!params.token) throw new OAuthError('invalid_request', 'token is required.');
  return params;
}

export function introspectRevokeRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.post(
    '/oauth/introspect',
    {
      // Own per-IP limit (introspectionGate), read in the same Redis round trip as the change counter.
      config: { public: true, rateLimit: false },
      ...hotRouteLogging(deps.config),
      schema: {
        summary: 'Token introspection (RFC 7662)',
        tags: ['oauth'],
        consumes: ['application/x-www-form-urlencoded'],
        response: {
          200: Type.Object({ active: Type.Boolean() }, { additionalProperties: true }),
          ...oauthErrorResponses,
        },
      },
    },
    async (request, reply) => {
      const seq = await introspectionGate(deps, request.ip ?? null);
      const params = formParams(request.body);
      const caller = await authenticateOAuthCaller(deps, request, params, seq);
      reply.header('Cache-Control', 'no-store');
      if (caller.selfToken !== undefined && caller.selfToken !== params.token) return { active: false };
      return introspectToken(deps, params.token as string, caller.actor.tenantId, seq);
    },
  );

  app.post(
    '/oauth/revoke',
    {
      config: { public: true },
      schema: {
        summary: 'Token revocation (RFC 7009)',
        tags: ['oauth'],
        consumes: ['application/x-www-form-urlencoded'],
        response: { 200: Type.Object({}), ...oauthErrorResponses },
      },
    },
    async (request) => {
      const params = formParams(request.body);
      const caller = await authenticateOAuthCaller(deps, request, params);
      if (caller.selfToken !== undefined && caller.selfToken !== params.token) return {};
      await revokeToken(
        { ...deps, actor: caller.actor, requestId: request.id, source: sourceOf(request) },
        { token: params.token as string, callerClientId: caller.clientId },
      );
      return {};
    },
  );
}
