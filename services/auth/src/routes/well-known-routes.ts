import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../context.js';
import { SUPPORTED_GRANTS } from '../domain/agents.js';

/** RFC 8414 metadata; the same document is served at the OIDC discovery path. */
export function serverMetadata(deps: AuthDeps) {
  const iss = deps.config.issuer;
  const authMethods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  const algs = ['ES256', 'EdDSA', 'RS256'];
  return {
    issuer: iss,
    token_endpoint: `${iss}/oauth/token`,
    jwks_uri: `${iss}/.well-known/jwks.json`,
    introspection_endpoint: `${iss}/oauth/introspect`,
    revocation_endpoint: `${iss}/oauth/revoke`,
    registration_endpoint: `${iss}/oauth/register`,
    grant_types_supported: [...SUPPORTED_GRANTS],
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'],
    introspection_endpoint_auth_methods_supported: [...authMethods, 'bearer'],
    revocation_endpoint_auth_methods_supported: [...authMethods, 'bearer'],
    access_token_signing_alg_values_supported: algs,
    id_token_signing_alg_values_supported: algs,
    subject_types_supported: ['public'],
    scopes_supported: ['offline_access'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'nbf',
      'jti',
      'client_id',
      'scope',
      'tenant_id',
      'act',
      'may_act',
    ],
    service_documentation: `${iss}/docs`,
  };
}

const Metadata = Type.Object({ issuer: Type.String() }, { additionalProperties: true });

export function wellKnownRoutes(app: FastifyInstance, deps: AuthDeps): void {
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    app.get(
      path,
      { config: { public: true }, schema: { tags: ['discovery'], response: { 200: Metadata } } },
      async (_r, reply) => {
        reply.header('Cache-Control', 'public, max-age=300');
        return serverMetadata(deps);
      },
    );
  }
  app.get(
    '/.well-known/jwks.json',
    {
      config: { public: true },
      schema: {
        tags: ['discovery'],
        response: { 200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }) },
      },
    },
    async (_request, reply) => {
      // Short cache: a pending key must reach verifiers before it signs (publish delay ≫ max-age).
      reply.header('Cache-Control', 'public, max-age=30');
      return deps.keyring.jwks();
    },
  );
}
