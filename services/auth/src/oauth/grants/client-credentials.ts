import { isSubsetOf, missingScopes } from '@bulwark/core';
import type { AuthDeps } from '../../context.js';
import { clientActor } from '../client-actor.js';
import type { AuthenticatedClient } from '../client-auth.js';
import { issueToken, type TokenResponse } from '../issue-token.js';
import { OAuthError } from '../oauth-error.js';
import type { TokenRequest } from '../token-request.js';
import {
  agentTokenTtl,
  assertGrantAllowed,
  requestedScopes,
  requestedTtl,
  resolveAudiences,
} from '../token-policy.js';

/** RFC 6749 §4.4: the agent acting as itself; `sub` = `client_id`. */
export async function clientCredentialsGrant(
  deps: AuthDeps,
  client: AuthenticatedClient,
  request: TokenRequest,
): Promise<TokenResponse> {
  const { agent } = client;
  assertGrantAllowed(agent, 'client_credentials');
  const scopes = requestedScopes(request.params.scope) ?? agent.allowed_scopes;
  if (!isSubsetOf(scopes, agent.allowed_scopes)) {
    throw new OAuthError(
      'invalid_scope',
      `Scopes not allowed for this client: ${missingScopes(scopes, agent.allowed_scopes).join(' ')}.`,
    );
  }
  const audiences = resolveAudiences(deps.config, agent, request.audiences);
  const ttl = agentTokenTtl(deps.config, agent, requestedTtl(request.params.expires_in));
  const { claims: _claims, ...response } = await issueToken(deps, {
    mint: {
      sub: agent.id,
      clientId: agent.id,
      tenantId: agent.tenant_id,
      scopes,
      audiences,
      ttlSeconds: ttl,
    },
    auditActor: clientActor(agent),
    action: 'auth.token.issue',
    credentialKind: client.method === 'private_key_jwt' ? 'private_key_jwt' : 'client_secret',
    grantType: 'client_credentials',
    requestId: request.requestId,
    source: request.source,
  });
  return response;
}
