import { isValidScopeToken, parseScope } from '@bulwark/core';
import type { AuthConfig } from '../config.js';
import type { AgentRow } from '../db/agents-sql.js';
import { OAuthError } from './oauth-error.js';

/** Scope strings from a request, validated as RFC 6749 §3.3 scope-tokens. */
export function requestedScopes(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = parseScope(raw);
  const bad = scopes.find((s) => !isValidScopeToken(s));
  if (bad !== undefined)
    throw new OAuthError('invalid_scope', `"${bad.slice(0, 60)}" is not a valid scope token.`);
  if (scopes.length > 100) throw new OAuthError('invalid_scope', 'At most 100 scopes per request.');
  return scopes;
}

/**
 * RFC 8707 resource / RFC 8693 audience: the token's `aud`. Bulwark's own audience (and its
 * `bulwark:<service>` forms) is always allowed; anything else must be in the agent's allowed list.
 */
export function resolveAudiences(
  config: AuthConfig,
  agent: AgentRow,
  requested: readonly string[],
): string[] {
  if (requested.length === 0) return [config.audience];
  if (requested.length > 10) throw new OAuthError('invalid_target', 'At most 10 audiences per token.');
  for (const aud of requested) {
    const own = aud === config.audience || aud.startsWith(`${config.audience}:`);
    if (!own && !agent.allowed_audiences.includes(aud)) {
      throw new OAuthError(
        'invalid_target',
        `The agent may not get tokens for the audience "${aud.slice(0, 200)}".`,
      );
    }
  }
  return [...new Set(requested)];
}

/** Optional `expires_in` request parameter (Bulwark extension): a positive integer of seconds. */
export function requestedTtl(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new OAuthError('invalid_request', 'expires_in must be a positive integer number of seconds.');
  }
  return Number(raw);
}

/**
 * The longest any token of the agent's tenant may live: the system maximum (`AUTH_MAX_TOKEN_TTL`),
 * lowered by the tenant's `max_token_ttl` when it sets one.
 */
export function tenantTtlCap(config: AuthConfig, agent: Pick<AgentRow, 'tenant_max_token_ttl'>): number {
  const tenantCap = agent.tenant_max_token_ttl;
  return tenantCap === null ? config.maxTokenTtl : Math.min(tenantCap, config.maxTokenTtl);
}

export function agentTtlCap(config: AuthConfig, agent: AgentRow): number {
  return Math.min(agent.max_token_ttl, tenantTtlCap(config, agent));
}

/**
 * An agent token's lifetime: what was asked for (else the short default), never above the agent's
 * `max_token_ttl`, the tenant's `max_token_ttl` nor the system maximum.
 */
export function agentTokenTtl(config: AuthConfig, agent: AgentRow, requested: number | undefined): number {
  return Math.min(requested ?? config.agentTokenDefaultTtl, agentTtlCap(config, agent));
}

export function assertGrantAllowed(agent: AgentRow, grantType: string): void {
  if (!agent.grant_types.includes(grantType)) {
    throw new OAuthError(
      'unauthorized_client',
      `This client is not allowed to use the grant type ${grantType}.`,
    );
  }
  if (agent.status !== 'active') {
    throw new OAuthError('unauthorized_client', 'This client is suspended.');
  }
}
