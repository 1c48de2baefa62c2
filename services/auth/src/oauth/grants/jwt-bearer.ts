import { isSubsetOf, missingScopes } from '@bulwark/core';
import { createRemoteJWKSet, decodeJwt, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { AuthDeps } from '../../context.js';
import { findTrustedIssuer } from '../../db/trusted-issuers-sql.js';
import { findUserByClaim } from '../../db/users-sql.js';
import { clientActor } from '../client-actor.js';
import type { AuthenticatedClient } from '../client-auth.js';
import { issueToken, type TokenResponse } from '../issue-token.js';
import { OAuthError } from '../oauth-error.js';
import type { TokenRequest } from '../token-request.js';
import { assertGrantAllowed, requestedScopes, tenantTtlCap } from '../token-policy.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256', 'RS384', 'RS512', 'PS256'];
const remoteSets = new Map<string, JWTVerifyGetKey>();

function keySet(uri: string): JWTVerifyGetKey {
  let set = remoteSets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), { timeoutDuration: 3000, cooldownDuration: 30_000 });
    remoteSets.set(uri, set);
  }
  return set;
}

/**
 * RFC 7523 §2.1: an ID/access token from an IdP the agent's tenant trusts becomes a Bulwark user
 * token for the mapped user. It is bound to this agent with `may_act` (RFC 8693 §4.4), so only
 * this agent can exchange it for a delegated token.
 */
export async function jwtBearerGrant(
  deps: AuthDeps,
  client: AuthenticatedClient,
  request: TokenRequest,
): Promise<TokenResponse> {
  const { agent } = client;
  assertGrantAllowed(agent, JWT_BEARER_GRANT);
  const assertion = request.params.assertion;
  if (!assertion) throw new OAuthError('invalid_request', 'assertion is required (RFC 7523 §2.1).');
  let issuer: unknown;
  try {
    issuer = decodeJwt(assertion).iss;
  } catch {
    throw new OAuthError('invalid_grant', 'The assertion is not a JWT.');
  }
  const trusted =
    typeof issuer === 'string' ? await findTrustedIssuer(deps.pool, agent.tenant_id, issuer) : undefined;
  if (!trusted) throw new OAuthError('invalid_grant', 'The assertion issuer is not trusted by this tenant.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(assertion, keySet(trusted.jwks_uri), {
      issuer: trusted.issuer,
      audience: trusted.audience,
      algorithms: ASSERTION_ALGS,
      currentDate: deps.clock.now(),
      requiredClaims: ['exp', 'sub'],
      maxTokenAge: '1h',
    }));
  } catch {
    throw new OAuthError(
      'invalid_grant',
      'The assertion failed verification (signature, audience or expiry).',
    );
  }
  const claimValue = payload[trusted.subject_claim];
  const user =
    typeof claimValue === 'string'
      ? await findUserByClaim(deps.pool, agent.tenant_id, trusted.subject_claim, claimValue)
      : undefined;
  if (!user || user.status !== 'active')
    throw new OAuthError('invalid_grant', 'The assertion does not map to an active user.');

  const scopes = requestedScopes(request.params.scope) ?? agent.allowed_scopes;
  if (!isSubsetOf(scopes, agent.allowed_scopes)) {
    throw new OAuthError(
      'invalid_scope',
      `Scopes not allowed for this client: ${missingScopes(scopes, agent.allowed_scopes).join(' ')}.`,
    );
  }
  const remaining = (payload.exp as number) - deps.clock.nowSeconds();
  const { claims: _claims, ...response } = await issueToken(deps, {
    mint: {
      sub: user.id,
      clientId: agent.id,
      tenantId: agent.tenant_id,
      scopes,
      audiences: [deps.config.audience],
      ttlSeconds: Math.max(
        1,
        Math.min(deps.config.userTokenTtl, tenantTtlCap(deps.config, agent), remaining),
      ),
      mayAct: { sub: agent.id },
    },
    auditActor: { ...clientActor(agent), onBehalfOf: { type: 'user', id: user.id } },
    action: 'auth.token.issue',
    credentialKind: 'assertion',
    grantType: JWT_BEARER_GRANT,
    requestId: request.requestId,
    source: request.source,
    issuedTokenType: true,
  });
  return response;
}
