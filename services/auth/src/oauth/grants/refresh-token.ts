import { hashSecret, isSubsetOf } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { AuthDeps } from '../../context.js';
import { findDelegation } from '../../db/delegations-sql.js';
import { findRefreshTokenForUpdate, revokeFamily } from '../../db/refresh-tokens-sql.js';
import { audit } from '../../infra/audit.js';
import type { ActClaim } from '../access-token.js';
import { clientActor } from '../client-actor.js';
import type { AuthenticatedClient } from '../client-auth.js';
import { issueToken, type TokenResponse } from '../issue-token.js';
import { OAuthError } from '../oauth-error.js';
import type { TokenRequest } from '../token-request.js';
import { agentTtlCap, assertGrantAllowed, requestedScopes } from '../token-policy.js';

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each use returns a new refresh token; presenting
 * an already-rotated one is treated as theft and revokes the whole family.
 */
export async function refreshTokenGrant(
  deps: AuthDeps,
  client: AuthenticatedClient,
  request: TokenRequest,
): Promise<TokenResponse> {
  const { agent } = client;
  assertGrantAllowed(agent, 'refresh_token');
  const presented = request.params.refresh_token;
  if (!presented) throw new OAuthError('invalid_request', 'refresh_token is required.');
  const hash = hashSecret(presented);

  const row = await withTransaction(deps.pool, async (tx) => {
    const found = await findRefreshTokenForUpdate(tx, hash);
    if (!found || found.agent_id !== agent.id) return { kind: 'unknown' as const };
    if (found.rotated_at || found.revoked_at) {
      await revokeFamily(tx, found.family_id);
      await audit(tx, {
        actor: clientActor(agent),
        action: 'auth.token.revoke',
        target: { type: 'refresh_token_family', id: found.family_id },
        outcome: { status: 'denied', reason: 'refresh token reuse detected; family revoked' },
        requestId: request.requestId,
        source: request.source,
        clock: deps.clock,
      });
      return { kind: 'reused' as const };
    }
    return { kind: 'ok' as const, found };
  });
  if (row.kind === 'unknown') throw new OAuthError('invalid_grant', 'The refresh token is invalid.');
  if (row.kind === 'reused') {
    throw new OAuthError('invalid_grant', 'The refresh token was already used; its family has been revoked.');
  }
  const { found } = row;
  if (found.expires_at <= deps.clock.now())
    throw new OAuthError('invalid_grant', 'The refresh token has expired.');
  if (found.delegation_id) {
    const delegation = await findDelegation(deps.pool, found.tenant_id, found.delegation_id);
    if (!delegation || delegation.revoked_at)
      throw new OAuthError('invalid_grant', 'The delegation was revoked.');
  }
  const scopes = requestedScopes(request.params.scope)?.filter((s) => s !== 'offline_access') ?? found.scopes;
  if (!isSubsetOf(scopes, found.scopes) || !isSubsetOf(scopes, agent.allowed_scopes)) {
    throw new OAuthError('invalid_scope', 'A refresh can only keep or narrow the original scope.');
  }
  const remaining = Math.floor((found.expires_at.getTime() - deps.clock.nowMs()) / 1000);
  const { claims: _claims, ...response } = await issueToken(deps, {
    mint: {
      sub: found.subject,
      clientId: agent.id,
      tenantId: found.tenant_id,
      scopes,
      audiences: found.audiences,
      ttlSeconds: agentTtlCap(deps.config, agent),
      act: (found.act ?? undefined) as ActClaim | undefined,
    },
    auditActor: clientActor(agent),
    action: 'auth.token.refresh',
    credentialKind: 'refresh_token',
    grantType: 'refresh_token',
    requestId: request.requestId,
    source: request.source,
    refresh: { familyId: found.family_id, ttlSeconds: Math.max(1, remaining) },
    alsoInTx: async (tx) => {
      // Conditional on not yet rotated: a concurrent refresh that won the race makes this one fail.
      const result = await tx.query(
        'UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1 AND rotated_at IS NULL',
        [found.id],
      );
      if (result.rowCount === 0) throw new OAuthError('invalid_grant', 'The refresh token was already used.');
    },
  });
  return response;
}
