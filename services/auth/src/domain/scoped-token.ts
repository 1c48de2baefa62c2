import { isValidScopeToken, NotFoundError, parseScope, ValidationError } from '@bulwark/core';
import { findTenantAgent } from '../db/agents-sql.js';
import { findTenantUser } from '../db/users-sql.js';
import { OFFLINE_ACCESS, delegateToAgent } from '../oauth/delegate.js';
import type { TokenResponse } from '../oauth/issue-token.js';
import { verifyAccessToken } from '../oauth/verify-access-token.js';
import { requireScope, type VerbCtx } from './verb-ctx.js';

export interface ScopedTokenInput {
  user_id?: string | undefined;
  /** A user access token instead of a user id (the SDK accepts either). */
  subject_token?: string | undefined;
  agent_id: string;
  scope: string;
  ttl?: number | undefined;
  audience?: string | string[] | undefined;
  refresh_token?: boolean | undefined;
}

/**
 * The seed call (`generateScopedToken`): a tenant backend holding `tokens:delegate` vouches for its
 * user and gets the same delegated token token exchange would give. Unknown or foreign ids → 404.
 */
export async function generateScopedToken(ctx: VerbCtx, input: ScopedTokenInput): Promise<TokenResponse> {
  requireScope(ctx, 'tokens:delegate');
  const tenantId = ctx.actor.tenantId;
  const scopes = parseScope(input.scope);
  const bad = scopes.find((s) => !isValidScopeToken(s));
  if (scopes.length === 0 || bad !== undefined) {
    throw new ValidationError('scope must list at least one valid scope.', [
      { field: '/body/scope', message: 'invalid scope' },
    ]);
  }
  const agent = await findTenantAgent(ctx.pool, tenantId, input.agent_id);
  if (!agent) throw new NotFoundError('Agent', input.agent_id);

  let subject: Parameters<typeof delegateToAgent>[1]['subject'];
  if (input.subject_token) {
    const verified = await verifyAccessToken(ctx, input.subject_token);
    if (!verified.ok || verified.claims.tenant_id !== tenantId) throw new NotFoundError('User token');
    const c = verified.claims;
    subject = {
      sub: c.sub,
      tenantId,
      scopes: parseScope(c.scope),
      exp: c.exp,
      act: c.act,
      mayAct: c.may_act,
    };
  } else if (input.user_id) {
    const user = await findTenantUser(ctx.pool, tenantId, input.user_id);
    if (!user || user.status !== 'active') throw new NotFoundError('User', input.user_id);
    // The backend vouches for its user: the agent's allowed scopes are the ceiling.
    subject = { sub: user.id, tenantId, scopes: agent.allowed_scopes };
  } else {
    throw new ValidationError('user_id or subject_token is required.', [
      { field: '/body/user_id', message: 'required' },
    ]);
  }
  const audiences =
    input.audience === undefined ? [] : Array.isArray(input.audience) ? input.audience : [input.audience];
  return delegateToAgent(ctx, {
    agent,
    subject,
    scopes: input.refresh_token ? [...scopes, OFFLINE_ACCESS] : scopes,
    ttl: input.ttl,
    audiences,
    wantsRefresh: input.refresh_token === true,
    auditActor: ctx.actor,
    credentialKind: 'api_key',
    grantType: 'bulwark:scoped_token',
    requestId: ctx.requestId,
    source: ctx.source,
  });
}
