import { AUDIT_EVENT_SCHEMA_VERSION, type AuditEvent, uuidv7 } from '@bulwark/core';

/**
 * A schema-valid `agent.action.*` audit event as a resource server reports it: an agent acting for
 * a user, one unit (the default for agent actions). `at` is when it happened.
 */
export function agentActionEvent(
  tenantId: string,
  at: Date,
  who: { agent: string; user: string },
  overrides: Partial<AuditEvent> = {},
): AuditEvent {
  return {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: uuidv7(at.getTime()),
    occurred_at: at.toISOString(),
    tenant_id: tenantId,
    actor: { type: 'agent', id: who.agent },
    on_behalf_of: { type: 'user', id: who.user },
    delegation_chain: [{ sub: who.agent }],
    credential: { kind: 'access_token', id_hash: 'e2e0hash', scopes: ['email'] },
    action: 'agent.action.email.send',
    target: { type: 'mailbox', id: `${who.user}@example.com` },
    outcome: { status: 'success', reason: null },
    source: { ip: '10.0.0.1', user_agent: 'billing-e2e' },
    request_id: `req_${at.getTime()}`,
    units: 1,
    changes: null,
    ...overrides,
  };
}
