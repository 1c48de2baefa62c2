import { type AgentActor, credentialIdHash } from '@bulwark/core';
import type { AgentRow } from '../db/agents-sql.js';

type ClientRecord = Pick<AgentRow, 'id' | 'tenant_id' | 'allowed_scopes'>;

/**
 * One actor per client record: a cached record (the token endpoint's hot path) is the same object
 * on every request, so its actor — and the SHA-256 of its client id — is computed once. Records
 * are immutable snapshots (a change replaces the cached record), and callers never mutate actors.
 */
const actors = new WeakMap<ClientRecord, AgentActor>();

/** The authenticated client as an audit actor. The credential hash is of the client id, never of a secret. */
export function clientActor(agent: ClientRecord): AgentActor {
  let actor = actors.get(agent);
  if (!actor) {
    actor = Object.freeze({
      type: 'agent',
      id: agent.id,
      tenantId: agent.tenant_id,
      scopes: Object.freeze(agent.allowed_scopes.slice(0, 200)) as string[],
      credentialIdHash: credentialIdHash(agent.id),
      tokenId: '',
      onBehalfOf: undefined,
      delegationChain: Object.freeze([]) as never[],
    }) as AgentActor;
    actors.set(agent, actor);
  }
  return actor;
}
