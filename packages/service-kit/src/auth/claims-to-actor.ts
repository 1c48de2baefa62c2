import { hash } from 'node:crypto';
import { type AgentActor, type DelegationLink, parseScope, type UserActor } from '@bulwark/core';
import type { AccessTokenClaims, DelegationClaim } from './verify-access-token.js';

/** RFC 8693 §4.1: the outermost `act` is the current actor, nested ones are earlier actors. */
export function delegationChain(act: DelegationClaim | undefined): DelegationLink[] {
  const chain: DelegationLink[] = [];
  for (let link = act; link; link = link.act) chain.push({ sub: link.sub });
  return chain;
}

/** The agent a token belongs to, used for per-agent revocation (docs/contracts.md). */
export function agentOfClaims(claims: AccessTokenClaims): string | undefined {
  return claims.act?.sub ?? claims.client_id;
}

/**
 * `credentialIdHash(jti)` of @bulwark/core (first 16 hex of SHA-256), computed with the one-shot
 * `crypto.hash`: this runs once per verified token, and a Hash object per call showed in profiles.
 * A test pins it to core's function.
 */
export function tokenIdHash(jti: string): string {
  return hash('sha256', jti, 'hex').slice(0, 16);
}

/**
 * Maps verified claims to the Actor union:
 * - `act` present → the agent in `act.sub` acting for the user in `sub` (delegated token);
 * - `sub === client_id` → an agent acting as itself (client_credentials, RFC 9068 §2.2);
 * - otherwise → the user in `sub`, through the client in `client_id`.
 * Object literals written out in full (no spread of a shared base): one hidden class per actor kind.
 */
export function actorFromClaims(claims: AccessTokenClaims): UserActor | AgentActor {
  const tenantId = claims.tenant_id;
  const scopes = parseScope(claims.scope);
  const credentialIdHash = tokenIdHash(claims.jti);
  const tokenId = claims.jti;
  if (claims.act) {
    return {
      tenantId,
      scopes,
      credentialIdHash,
      tokenId,
      type: 'agent',
      id: claims.act.sub,
      onBehalfOf: { type: 'user', id: claims.sub },
      delegationChain: delegationChain(claims.act),
    };
  }
  if (claims.client_id !== undefined && claims.sub === claims.client_id) {
    return {
      tenantId,
      scopes,
      credentialIdHash,
      tokenId,
      type: 'agent',
      id: claims.sub,
      onBehalfOf: undefined,
      delegationChain: [],
    };
  }
  return {
    tenantId,
    scopes,
    credentialIdHash,
    tokenId,
    type: 'user',
    id: claims.sub,
    clientId: claims.client_id,
  };
}
