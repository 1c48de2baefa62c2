import { parseScope } from '@bulwark/core';
import type { AuthDeps } from '../../context.js';
import { actChain } from '../access-token.js';
import { clientActor } from '../client-actor.js';
import type { AuthenticatedClient } from '../client-auth.js';
import { OFFLINE_ACCESS, delegateToAgent } from '../delegate.js';
import type { TokenResponse } from '../issue-token.js';
import { OAuthError } from '../oauth-error.js';
import type { TokenRequest } from '../token-request.js';
import { assertGrantAllowed, requestedScopes, requestedTtl } from '../token-policy.js';
import { verifyAccessToken } from '../verify-access-token.js';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SUBJECT_TOKEN_TYPES = new Set([
  'urn:ietf:params:oauth:token-type:access_token',
  'urn:ietf:params:oauth:token-type:jwt',
]);

/** RFC 8693 §2.1: the authenticated agent exchanges a user's (or agent's) token for a delegated one. */
export async function tokenExchangeGrant(
  deps: AuthDeps,
  client: AuthenticatedClient,
  request: TokenRequest,
): Promise<TokenResponse> {
  const { agent } = client;
  const { params } = request;
  assertGrantAllowed(agent, TOKEN_EXCHANGE_GRANT);
  if (!params.subject_token || !params.subject_token_type) {
    throw new OAuthError(
      'invalid_request',
      'subject_token and subject_token_type are required (RFC 8693 §2.1).',
    );
  }
  if (!SUBJECT_TOKEN_TYPES.has(params.subject_token_type)) {
    throw new OAuthError('invalid_request', 'subject_token_type must be an access_token or jwt token type.');
  }
  if (params.requested_token_type !== undefined && !SUBJECT_TOKEN_TYPES.has(params.requested_token_type)) {
    throw new OAuthError('invalid_request', 'Only access tokens can be requested.');
  }
  const subject = await verifyAccessToken(deps, params.subject_token);
  if (!subject.ok)
    throw new OAuthError('invalid_grant', `The subject_token is not valid: ${subject.reason}.`);

  if (params.actor_token !== undefined) {
    // §2.1: the actor token names the acting party; it must be this agent's own token.
    if (!SUBJECT_TOKEN_TYPES.has(params.actor_token_type ?? '')) {
      throw new OAuthError('invalid_request', 'actor_token_type is required with actor_token.');
    }
    const actor = await verifyAccessToken(deps, params.actor_token);
    if (!actor.ok) throw new OAuthError('invalid_grant', `The actor_token is not valid: ${actor.reason}.`);
    if (actor.claims.sub !== agent.id || actor.claims.tenant_id !== agent.tenant_id) {
      throw new OAuthError('invalid_grant', 'The actor_token must represent the authenticated client.');
    }
  } else if (params.actor_token_type !== undefined) {
    throw new OAuthError('invalid_request', 'actor_token_type without actor_token.');
  }

  const scopes = requestedScopes(params.scope);
  const claims = subject.claims;
  const auditActor = { ...clientActor(agent), delegationChain: [{ sub: agent.id }, ...actChain(claims.act)] };
  return delegateToAgent(deps, {
    agent,
    subject: {
      sub: claims.sub,
      tenantId: claims.tenant_id,
      scopes: parseScope(claims.scope),
      exp: claims.exp,
      act: claims.act,
      mayAct: claims.may_act,
    },
    scopes,
    ttl: requestedTtl(params.expires_in),
    audiences: request.audiences,
    wantsRefresh: scopes?.includes(OFFLINE_ACCESS) ?? false,
    auditActor: {
      ...auditActor,
      onBehalfOf: { type: claims.sub.startsWith('agt_') ? 'agent' : 'user', id: claims.sub },
    },
    credentialKind: client.method === 'private_key_jwt' ? 'private_key_jwt' : 'client_secret',
    grantType: TOKEN_EXCHANGE_GRANT,
    requestId: request.requestId,
    source: request.source,
  });
}
