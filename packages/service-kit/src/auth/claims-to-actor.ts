import {
  type AgentActor,
  credentialIdHash,
  type DelegationLink,
  parseScope,
  type UserActor,
} from '@bulwark/core';
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
 * Maps verified claims to the Actor union:
 * - `act` present → the agent in `act.sub` acting for the user in `sub` (delegated token);
 * - `sub === client_id` → an agent acting as itself (client_credentials, RFC 9068 §2.2);
 * - otherwise → the user in `sub`, through the client in `client_id`.
 */
export function actorFromClaims(claims: AccessTokenClaims): UserActor | AgentActor {
  const base = {
    tenantId: claims.tenant_id,
    scopes: parseScope(claims.scope),
    credentialIdHash: credentialIdHash(claims.jti),
    tokenId: claims.jti,
  };
  if (claims.act) {
    return {
      ...base,
      type: 'agent',
      id: claims.act.sub,
      onBehalfOf: { type: 'user', id: claims.sub },
      delegationChain: delegationChain(claims.act),
    };
  }
  if (claims.client_id !== undefined && claims.sub === claims.client_id) {
    return { ...base, type: 'agent', id: claims.sub, onBehalfOf: undefined, delegationChain: [] };
  }
  return { ...base, type: 'user', id: claims.sub, clientId: claims.client_id };
}
