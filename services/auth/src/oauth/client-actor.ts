import { type AgentActor, credentialIdHash } from '@bulwark/core';
import type { AgentRow } from '../db/agents-sql.js';

/** The authenticated client as an audit actor. The credential hash is of the client id, never of a secret. */
export function clientActor(agent: Pick<AgentRow, 'id' | 'tenant_id' | 'allowed_scopes'>): AgentActor {
  return {
    type: 'agent',
    id: agent.id,
    tenantId: agent.tenant_id,
    scopes: agent.allowed_scopes.slice(0, 200),
    credentialIdHash: credentialIdHash(agent.id),
    tokenId: '',
    onBehalfOf: undefined,
    delegationChain: [],
  };
}
