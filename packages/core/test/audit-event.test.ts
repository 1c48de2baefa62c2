import { describe, expect, it } from 'vitest';
import {
  type AgentActor,
  REDACTED,
  auditEventErrors,
  buildAuditEvent,
  createTestClock,
  generateSecret,
  isKnownAction,
  redact,
} from '../src/index.js';

const agent: AgentActor = {
  type: 'agent',
  id: 'agt_123',
  tenantId: 'ten_1',
  scopes: ['email'],
  credentialIdHash: 'abcd',
  tokenId: 'jti-1',
  onBehalfOf: { type: 'user', id: 'usr_1' },
  delegationChain: [{ sub: 'agt_123' }, { sub: 'agt_first' }],
};

describe('audit events', () => {
  it('builds a schema-valid event carrying the delegation', () => {
    const clock = createTestClock(Date.UTC(2026, 5, 1));
    const event = buildAuditEvent({
      actor: agent,
      action: 'agent.action.email.send',
      clock,
      requestId: 'req_1',
    });
    expect(auditEventErrors(event)).toEqual([]);
    expect(event.on_behalf_of).toEqual({ type: 'user', id: 'usr_1' });
    expect(event.delegation_chain).toEqual([{ sub: 'agt_123' }, { sub: 'agt_first' }]);
    expect(event.units).toBe(1);
    expect(event.occurred_at).toBe('2026-06-01T00:00:00.000Z');
  });

  it('rejects unregistered actions and invalid shapes, naming the field', () => {
    expect(isKnownAction('auth.token.issue')).toBe(true);
    expect(isKnownAction('auth.token.steal')).toBe(false);
    const event = buildAuditEvent({ actor: agent, action: 'auth.token.issue' });
    expect(auditEventErrors({ ...event, action: 'auth.token.steal' })[0]?.field).toBe('/action');
    expect(auditEventErrors({ ...event, units: -1 }).some((e) => e.field === '/units')).toBe(true);
    expect(() => buildAuditEvent({ actor: agent, action: 'nope.nope.nope' as 'auth.token.issue' })).toThrow(
      /registry/,
    );
  });

  it('redacts secrets by key name and by value shape, at any depth', () => {
    const secret = generateSecret('bwk');
    const out = redact({
      client_secret: 'hunter2',
      nested: { note: `key is ${secret}`, list: [{ password: 'p' }] },
      token_type: 'Bearer',
      name: 'ok',
    });
    expect(out.client_secret).toBe(REDACTED);
    expect(out.nested.note).toBe(REDACTED);
    expect(out.nested.list[0]?.password).toBe(REDACTED);
    expect(out.token_type).toBe('Bearer');
    expect(out.name).toBe('ok');
    const event = buildAuditEvent({
      actor: agent,
      action: 'auth.agent.create',
      changes: { before: null, after: { client_secret: secret } },
    });
    expect(JSON.stringify(event)).not.toContain(secret);
  });
});
