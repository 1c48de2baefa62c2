import type { AgentActor, UserActor } from '@bulwark/core';

export function userActor(id: string, tenantId = 'ten_a', scopes: string[] = []): UserActor {
  return {
    type: 'user',
    id,
    tenantId,
    scopes,
    credentialIdHash: 'test',
    tokenId: 'jti',
    clientId: 'agt_console',
  };
}

export function delegatedAgent(agentId: string, userId: string, tenantId = 'ten_a'): AgentActor {
  return {
    type: 'agent',
    id: agentId,
    tenantId,
    scopes: ['email'],
    credentialIdHash: 'test',
    tokenId: 'jti',
    onBehalfOf: { type: 'user', id: userId },
    delegationChain: [{ sub: agentId }],
  };
}
