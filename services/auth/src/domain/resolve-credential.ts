import { type Actor, credentialIdHash, hashSecret, parseScope } from '@bulwark/core';
import type { AuthDeps } from '../context.js';
import type { ApiKeyRow } from '../db/api-keys-sql.js';
import { actChain } from '../oauth/access-token.js';
import type { AccessTokenClaims } from '../oauth/access-token.js';
import { verifyAccessToken } from '../oauth/verify-access-token.js';

export type ResolvedCredential =
  | { kind: 'api_key'; actor: Actor; key: ApiKeyRow }
  | { kind: 'access_token'; actor: Actor; claims: AccessTokenClaims };

export function isApiKeyShaped(token: string): boolean {
  return token.startsWith('bwk_');
}

/** An API key is live when it exists, is not revoked and not expired. */
export async function resolveApiKey(
  deps: AuthDeps,
  key: string,
  seq?: number,
): Promise<ApiKeyRow | undefined> {
  if (key.length > 200) return undefined;
  const row = await deps.state.findApiKey(hashSecret(key), seq);
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= deps.clock.now())) return undefined;
  return row;
}

export function actorFromClaims(claims: AccessTokenClaims, token: string): Actor {
  const base = {
    tenantId: claims.tenant_id,
    scopes: parseScope(claims.scope),
    credentialIdHash: credentialIdHash(token),
    tokenId: claims.jti,
  };
  if (claims.act) {
    return {
      ...base,
      type: 'agent',
      id: claims.act.sub,
      onBehalfOf: { type: claims.sub.startsWith('agt_') ? 'agent' : 'user', id: claims.sub },
      delegationChain: actChain(claims.act),
    };
  }
  if (claims.sub === claims.client_id) {
    return { ...base, type: 'agent', id: claims.sub, onBehalfOf: undefined, delegationChain: [] };
  }
  return { ...base, type: 'user', id: claims.sub, clientId: claims.client_id };
}

/**
 * A bearer credential (API key or Bulwark access token) → the actor it stands for, or undefined.
 * `seq` (the request's change counter) lets a hot path use the in-process caches; without it the
 * lookups go to Postgres.
 */
export async function resolveBearer(
  deps: AuthDeps,
  token: string,
  seq?: number,
): Promise<ResolvedCredential | undefined> {
  if (isApiKeyShaped(token)) {
    const key = await resolveApiKey(deps, token, seq);
    if (!key) return undefined;
    return {
      kind: 'api_key',
      key,
      actor: {
        type: 'api_key',
        id: key.id,
        tenantId: key.tenant_id,
        scopes: key.scopes,
        credentialIdHash: credentialIdHash(token),
      },
    };
  }
  const verified = await verifyAccessToken(deps, token, {
    audience: [deps.config.audience, `${deps.config.audience}:auth`],
    seq,
  });
  if (!verified.ok) return undefined;
  return { kind: 'access_token', claims: verified.claims, actor: actorFromClaims(verified.claims, token) };
}
