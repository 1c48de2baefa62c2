/**
 * Who is making a request. Resolved once by the auth plugin and passed explicitly into domain verbs.
 */
interface ActorBase {
  tenantId: string;
  scopes: string[];
  /** Short, non-reversible identifier of the presented credential (never the credential itself). */
  credentialIdHash: string;
}

export interface DelegationLink {
  /** The acting party's subject (an agent's client_id). */
  sub: string;
}

export interface UserActor extends ActorBase {
  type: 'user';
  id: string;
  tokenId: string;
  clientId: string | undefined;
}

export interface AgentActor extends ActorBase {
  type: 'agent';
  /** The agent's client_id. */
  id: string;
  tokenId: string;
  /** The user the agent acts for, when the token is delegated. */
  onBehalfOf: { type: 'user' | 'agent'; id: string } | undefined;
  /** Outermost (current) actor first, innermost (first) actor last. */
  delegationChain: DelegationLink[];
}

export interface ApiKeyActor extends ActorBase {
  type: 'api_key';
  id: string;
}

export interface ServiceActor extends ActorBase {
  type: 'service';
  id: string;
}

export interface SystemActor extends ActorBase {
  type: 'system';
  id: string;
}

export type Actor = UserActor | AgentActor | ApiKeyActor | ServiceActor | SystemActor;
export type ActorType = Actor['type'];

export function systemActor(tenantId: string, id = 'system'): SystemActor {
  return { type: 'system', id, tenantId, scopes: ['*'], credentialIdHash: 'system' };
}

export function describeActor(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}
