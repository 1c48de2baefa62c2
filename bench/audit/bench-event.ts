import { type AuditEvent, AUDIT_EVENT_SCHEMA_VERSION, uuidv7 } from '../../packages/core/src/index.js';

/** Tenants the audit benchmarks spread their events over. */
export const BENCH_TENANTS = 20;

/**
 * The i-th benchmark event: an agent's billable email send for a user, ~1 KB of canonical JSON,
 * spread over BENCH_TENANTS tenants, 50 agents, 500 users — the rows every audit benchmark writes.
 */
export function benchEvent(i: number, at = Date.now()): AuditEvent {
  return {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: uuidv7(at),
    occurred_at: new Date(at).toISOString(),
    tenant_id: `ten_bench_${i % BENCH_TENANTS}`,
    actor: { type: 'agent', id: `agt_${i % 50}` },
    on_behalf_of: { type: 'user', id: `usr_${i % 500}` },
    delegation_chain: [{ sub: `agt_${i % 50}` }],
    credential: { kind: 'access_token', id_hash: 'abcd1234abcd1234', scopes: ['email'] },
    action: 'agent.action.email.send',
    target: { type: 'mailbox', id: `box_${i % 1000}@example.com` },
    outcome: { status: 'success', reason: null },
    source: { ip: '10.0.0.1', user_agent: 'bench' },
    request_id: `req_${i}`,
    units: 1,
    changes: null,
  };
}
