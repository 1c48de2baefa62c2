import type { AuthDeps } from '../context.js';
import { isApiKeyShaped, resolveApiKey } from '../domain/resolve-credential.js';
import { verifyAccessToken } from './verify-access-token.js';

export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, unknown>);

/**
 * RFC 7662 §2.2. An inactive answer says nothing else (§2.2: no hint why). A caller only learns
 * about tokens of its own tenant; others look inactive (cross-tenant → not found, DESIGN §6).
 */
export async function introspectToken(
  deps: AuthDeps,
  token: string,
  callerTenantId: string,
  seq?: number,
): Promise<IntrospectionResponse> {
  if (isApiKeyShaped(token)) {
    const key = await resolveApiKey(deps, token, seq);
    if (!key || key.tenant_id !== callerTenantId) return { active: false };
    return {
      active: true,
      token_type: 'api_key',
      sub: key.id,
      key_id: key.id,
      tenant_id: key.tenant_id,
      scope: key.scopes.join(' '),
      ...(key.expires_at ? { exp: Math.floor(key.expires_at.getTime() / 1000) } : {}),
    };
  }
  const verified = await verifyAccessToken(deps, token, { seq, cache: true });
  if (!verified.ok || verified.claims.tenant_id !== callerTenantId) return { active: false };
  const { claims } = verified;
  return {
    active: true,
    token_type: 'Bearer',
    scope: claims.scope,
    client_id: claims.client_id,
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    exp: claims.exp,
    iat: claims.iat,
    nbf: claims.nbf,
    jti: claims.jti,
    tenant_id: claims.tenant_id,
    ...(claims.act ? { act: claims.act } : {}),
    ...(claims.may_act ? { may_act: claims.may_act } : {}),
  };
}
