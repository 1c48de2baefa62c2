import { type Actor, type AuditEvent, intersectScopes, isSubsetOf, missingScopes } from '@bulwark/core';
import type { AuthDeps } from '../context.js';
import type { AgentRow } from '../db/agents-sql.js';
import { type ActClaim, actDepth } from './access-token.js';
import { issueToken, type TokenResponse } from './issue-token.js';
import { OAuthError } from './oauth-error.js';
import { agentTokenTtl, resolveAudiences } from './token-policy.js';

export const OFFLINE_ACCESS = 'offline_access';

export interface DelegationSubject {
  sub: string;
  tenantId: string;
  /** Scopes the subject holds; the delegated token can only narrow them. */
  scopes: readonly string[];
  /** Subject token expiry (epoch s); the delegated token never outlives it. Absent for the seed call. */
  exp?: number | undefined;
  act?: ActClaim | undefined;
  mayAct?: { sub: string } | undefined;
}

export interface DelegateInput {
  agent: AgentRow;
  subject: DelegationSubject;
  scopes: readonly string[] | undefined;
  ttl: number | undefined;
  audiences: readonly string[];
  wantsRefresh: boolean;
  auditActor: Actor;
  credentialKind: NonNullable<AuditEvent['credential']>['kind'];
  grantType: string;
  requestId: string | null;
  source: { ip: string | null; user_agent: string | null };
}

/**
 * The one delegation rule set behind token exchange (RFC 8693) and the seed call:
 * same tenant, `may_act` honoured (§4.4), chain depth bounded, scope ⊆ subject ∩ agent,
 * ttl ≤ min(requested, agent max, subject remaining life), audience allowed (RFC 8707).
 */
export async function delegateToAgent(deps: AuthDeps, input: DelegateInput): Promise<TokenResponse> {
  const { agent, subject, config } = { ...input, config: deps.config };
  if (agent.status !== 'active') throw new OAuthError('unauthorized_client', 'The agent is suspended.');
  if (subject.tenantId !== agent.tenant_id) {
    throw new OAuthError('invalid_grant', 'The subject token belongs to another tenant.');
  }
  if (subject.mayAct && subject.mayAct.sub !== agent.id) {
    throw new OAuthError(
      'invalid_grant',
      'The subject token does not allow this agent to act for it (may_act).',
    );
  }
  const act: ActClaim = subject.act ? { sub: agent.id, act: subject.act } : { sub: agent.id };
  if (actDepth(act) > config.maxChainDepth) {
    throw new OAuthError(
      'invalid_grant',
      `The delegation chain would exceed ${config.maxChainDepth} actors.`,
    );
  }

  const wanted = (input.scopes ?? [...subject.scopes]).filter((s) => s !== OFFLINE_ACCESS);
  const requestedExplicitly = input.scopes !== undefined;
  if (requestedExplicitly) {
    const notHeld = missingScopes(wanted, subject.scopes);
    if (notHeld.length > 0)
      throw new OAuthError('invalid_scope', `The subject does not hold: ${notHeld.join(' ')}.`);
    const notAllowed = missingScopes(wanted, agent.allowed_scopes);
    if (notAllowed.length > 0)
      throw new OAuthError('invalid_scope', `The agent may not receive: ${notAllowed.join(' ')}.`);
  }
  const scopes = requestedExplicitly
    ? wanted
    : [
        ...new Set([
          ...intersectScopes(wanted, agent.allowed_scopes),
          ...intersectScopes(agent.allowed_scopes, wanted),
        ]),
      ];
  if (scopes.length === 0 || !isSubsetOf(scopes, agent.allowed_scopes)) {
    throw new OAuthError('invalid_scope', 'The subject and the agent have no scope in common.');
  }

  let ttl = agentTokenTtl(config, agent, input.ttl);
  if (subject.exp !== undefined) {
    const remaining = subject.exp - deps.clock.nowSeconds();
    if (remaining <= 0) throw new OAuthError('invalid_grant', 'The subject token has expired.');
    if (input.ttl !== undefined && input.ttl > remaining) {
      throw new OAuthError(
        'invalid_request',
        `The requested lifetime exceeds the subject token's remaining ${remaining}s.`,
      );
    }
    ttl = Math.min(ttl, remaining);
  }
  const audiences = resolveAudiences(config, agent, input.audiences);
  const refresh = input.wantsRefresh && agent.grant_types.includes('refresh_token');
  const isUser = subject.sub.startsWith('usr_');
  const { claims: _claims, ...response } = await issueToken(deps, {
    mint: {
      sub: subject.sub,
      clientId: agent.id,
      tenantId: agent.tenant_id,
      scopes,
      audiences,
      ttlSeconds: ttl,
      act,
    },
    auditActor: input.auditActor,
    action: 'auth.token.exchange',
    credentialKind: input.credentialKind,
    grantType: input.grantType,
    requestId: input.requestId,
    source: input.source,
    delegation: isUser ? { userId: subject.sub, agentId: agent.id } : undefined,
    refresh: refresh ? { ttlSeconds: config.refreshTokenTtl } : undefined,
    issuedTokenType: true,
  });
  return response;
}
