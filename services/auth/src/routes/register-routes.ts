import { parseScope, UnauthenticatedError } from '@bulwark/core';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { JSONWebKeySet } from 'jose';
import type { AuthDeps } from '../context.js';
import type { ClientAuthMethod } from '../db/agents-sql.js';
import { agentView, createAgent } from '../domain/agents.js';
import { resolveBearer } from '../domain/resolve-credential.js';
import { bearerOf } from '../http/bearer.js';
import { OAuthError } from '../oauth/oauth-error.js';
import { OAuthErrorSchema, oauthErrorResponses } from './schemas.js';
import { sourceOf } from './token-routes.js';

const Body = Type.Object(
  {
    client_name: Type.Optional(Type.String({ maxLength: 200 })),
    grant_types: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })),
    token_endpoint_auth_method: Type.Optional(
      Type.Union([
        Type.Literal('client_secret_basic'),
        Type.Literal('client_secret_post'),
        Type.Literal('private_key_jwt'),
      ]),
    ),
    scope: Type.Optional(Type.String({ maxLength: 4000 })),
    jwks: Type.Optional(
      Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 20 }) }),
    ),
    jwks_uri: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    allowed_audiences: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
    max_token_ttl: Type.Optional(Type.Integer({ minimum: 30, maximum: 30 * 86_400 })),
  },
  { additionalProperties: true },
);

/**
 * RFC 7591 dynamic registration, gated by an API key holding `auth:admin` (an "initial access
 * token", §3). Policy: scopes within the key's own scopes, grants from the supported list.
 */
export function registerRoutes(app: FastifyInstance, deps: AuthDeps): void {
  app.post(
    '/oauth/register',
    {
      config: { public: true },
      schema: {
        summary: 'Dynamic client registration (RFC 7591)',
        tags: ['oauth'],
        body: Body,
        response: {
          201: Type.Object({ client_id: Type.String() }, { additionalProperties: true }),
          ...oauthErrorResponses,
          403: OAuthErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const bearer = bearerOf(request);
      const credential = bearer ? await resolveBearer(deps, bearer) : undefined;
      if (!credential || credential.kind !== 'api_key')
        throw new OAuthError('invalid_token', new UnauthenticatedError().message);
      if (!credential.actor.scopes.some((s) => s === '*' || s === 'auth:admin' || s === 'auth:*')) {
        throw new OAuthError('access_denied', 'Registration needs an API key with the scope auth:admin.');
      }
      const body = request.body as {
        client_name?: string;
        grant_types?: string[];
        token_endpoint_auth_method?: ClientAuthMethod;
        scope?: string;
        jwks?: JSONWebKeySet;
        jwks_uri?: string;
        allowed_audiences?: string[];
        max_token_ttl?: number;
      };
      try {
        const { agent, secret } = await createAgent(
          { ...deps, actor: credential.actor, requestId: request.id, source: sourceOf(request) },
          {
            tenantId: credential.actor.tenantId,
            name: body.client_name ?? 'registered client',
            authMethod: body.token_endpoint_auth_method,
            jwks: body.jwks,
            jwksUri: body.jwks_uri,
            allowedScopes: parseScope(body.scope ?? ''),
            allowedAudiences: body.allowed_audiences,
            grantTypes: body.grant_types,
            maxTokenTtl: body.max_token_ttl,
            action: 'auth.client.register',
          },
        );
        const view = agentView(agent);
        reply.status(201).header('Cache-Control', 'no-store');
        return {
          client_id: agent.id,
          ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
          client_id_issued_at: Math.floor(agent.created_at.getTime() / 1000),
          client_name: agent.name,
          grant_types: agent.grant_types,
          token_endpoint_auth_method: agent.auth_method,
          scope: agent.allowed_scopes.join(' '),
          ...(agent.jwks_uri ? { jwks_uri: agent.jwks_uri } : {}),
          allowed_audiences: view.allowed_audiences,
          max_token_ttl: view.max_token_ttl,
          tenant_id: agent.tenant_id,
        };
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'validation_failed') {
          throw new OAuthError('invalid_client_metadata', error.message);
        }
        throw error;
      }
    },
  );
}
