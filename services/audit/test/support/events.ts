import { type AuditEvent, AUDIT_EVENT_SCHEMA_VERSION, uuidv7 } from '@bulwark/core';

let clock = Date.now();

/** A schema-valid agent action for `tenant`; ids strictly increase across calls. */
export function agentEvent(tenant: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  clock += 1;
  return {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: uuidv7(clock),
    occurred_at: new Date(clock).toISOString(),
    tenant_id: tenant,
    actor: { type: 'agent', id: 'agt_mailbot' },
    on_behalf_of: { type: 'user', id: 'usr_alice' },
    delegation_chain: [{ sub: 'agt_mailbot' }],
    credential: { kind: 'access_token', id_hash: 'abcd1234', scopes: ['email'] },
    action: 'agent.action.email.send',
    target: { type: 'mailbox', id: 'alice@example.com' },
    outcome: { status: 'success', reason: null },
    source: { ip: '10.0.0.1', user_agent: 'test' },
    request_id: `req_${clock}`,
    units: 1,
    changes: null,
    ...overrides,
  };
}

export function manyEvents(tenants: readonly string[], perTenant: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (let i = 0; i < perTenant; i++) for (const tenant of tenants) out.push(agentEvent(tenant));
  return out;
}
