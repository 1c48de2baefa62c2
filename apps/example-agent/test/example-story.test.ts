import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { runStory } from '../src/story.js';
import { useLocalStack } from './support/stack.js';

const stack = useLocalStack();

describe('npm run example: the seed story against real auth, audit and billing', () => {
  it('mints a delegated email token, refuses the calendar, audits both actions and meters them', async () => {
    const lines: string[] = [];
    const result = await runStory({ adminKey: stack.adminKey, urls: stack.urls, log: (l) => lines.push(l) });

    const claims = decodeJwt(result.token.value);
    expect(claims).toMatchObject({ sub: result.userId, scope: 'email', act: { sub: result.agentId } });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(result.statuses).toEqual([200, 403]);

    const read = result.events.find((e) => e.action === 'agent.action.email.read');
    expect(read).toMatchObject({
      tenant_id: result.tenantId,
      actor: { type: 'agent', id: result.agentId },
      on_behalf_of: { type: 'user', id: result.userId },
      delegation_chain: [{ sub: result.agentId }],
      outcome: { status: 'success' },
      target: { type: 'mailbox', id: result.userId },
      units: 1,
      metadata: { scope: 'email', required_scope: 'email' },
    });
    const refused = result.events.find((e) => e.action === 'agent.action.calendar.read');
    expect(refused).toMatchObject({
      outcome: { status: 'denied' },
      units: 0,
      metadata: { scope: 'email', required_scope: 'calendar:read' },
    });

    expect(result.usage).toMatchObject({ key: result.agentId, units: 1, events: 2 });
    expect(lines.join('\n')).toMatch(/audit trail:/);
  });
});
