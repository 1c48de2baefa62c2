import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { localNameOf, unleashNameFor } from '../src/domain/flag-names.js';
import { createHttpEnricher, NO_ENRICHMENT } from '../src/enrichment/context-enricher.js';
import { buildEvaluationContext } from '../src/engine/evaluation-context.js';
import { createKillSwitchChecker } from '../src/engine/kill-switch.js';
import { actorFromUnleashEmail, unleashEmailFor } from '../src/unleash/actor-email.js';
import { delegatedAgent, userActor } from './support/actors.js';

describe('evaluation context', () => {
  it('takes userId, agentId, tenantId and scopes from the token and drops caller overrides', () => {
    const { context, ignored } = buildEvaluationContext(
      delegatedAgent('agt_mail', 'usr_alice'),
      { entitlements: ['sso', 'audit-export'], plan: 'pro' },
      {
        properties: {
          tenantId: 'ten_evil',
          userId: 'usr_admin',
          agentId: 'agt_other',
          plan: 'enterprise',
          region: 'eu',
        },
      },
    );
    expect(context.userId).toBe('usr_alice');
    expect(context.properties).toEqual({
      region: 'eu',
      tenantId: 'ten_a',
      actorType: 'agent',
      agentId: 'agt_mail',
      scopes: 'email',
      entitlements: 'sso,audit-export',
      plan: 'pro',
    });
    expect(ignored.sort()).toEqual(
      ['properties.agentId', 'properties.plan', 'properties.tenantId', 'properties.userId'].sort(),
    );
  });

  it('uses client_id as agentId for a user token', () => {
    const { context } = buildEvaluationContext(userActor('usr_bob'), NO_ENRICHMENT);
    expect(context.userId).toBe('usr_bob');
    expect(context.properties?.agentId).toBe('agt_console');
  });
});

describe('flag names', () => {
  it('prefixes with the tenant and refuses names that could escape it', () => {
    expect(unleashNameFor('ten_a', 'agent.email.send')).toBe('ten_a.agent.email.send');
    expect(localNameOf('ten_a', 'ten_a.x')).toBe('x');
    expect(localNameOf('ten_a', 'ten_ab.x')).toBeUndefined();
    expect(() => unleashNameFor('ten_a', '../ten_b.x')).toThrow(/Invalid flag name/);
    expect(() => unleashNameFor('ten_a', 'Upper')).toThrow(/Invalid flag name/);
  });
});

describe('Unleash user email ↔ Bulwark actor', () => {
  it('round-trips, including ids with characters an email cannot hold', () => {
    for (const actor of [
      userActor('usr_1', 'ten_x'),
      { type: 'api_key' as const, id: 'key 1/é', tenantId: 'ten_y' },
    ]) {
      expect(actorFromUnleashEmail(unleashEmailFor(actor))).toEqual({
        type: actor.type,
        id: actor.id,
        tenantId: actor.tenantId,
      });
    }
    expect(actorFromUnleashEmail('admin@example.com')).toBeUndefined();
  });
});

describe('kill switch checker', () => {
  const state = new Map<string, boolean>();
  const evaluator = {
    isEnabled: (name: string, _context: unknown, fallback?: boolean) => state.get(name) ?? fallback ?? false,
  };
  const checker = createKillSwitchChecker({ evaluator });

  it('allows a capability without a switch, stops it when the switch is off, and names it in the 403', () => {
    const subject = { tenantId: 'ten_a', userId: 'usr_1', agentId: 'agt_1' };
    expect(checker.isAllowed('agent.email.send', subject)).toBe(true);
    state.set('ten_a.agent.email.send', false);
    expect(checker.isAllowed('agent.email.send', subject)).toBe(false);
    expect(() => checker.assertAllowed('agent.email.send', subject)).toThrow(/agent\.email\.send/);
    expect(checker.isAllowed('agent.email.send', { ...subject, tenantId: 'ten_b' })).toBe(true);
  });

  it('can fail closed for capabilities that must be switched on explicitly', () => {
    const strict = createKillSwitchChecker({ evaluator, allowWhenMissing: false });
    expect(strict.isAllowed('agent.payments.send', { tenantId: 'ten_a' })).toBe(false);
  });
});

describe('licensing/billing enrichment', () => {
  it('adds entitlements and plan, forwarding the caller credential, and caches them', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url?.startsWith('/v1/entitlements?owner=usr_1'))
        response.end(JSON.stringify({ entitlements: ['sso'] }));
      else if (request.url?.startsWith('/v1/entitlements'))
        response.end(JSON.stringify({ entitlements: ['seats-50'] }));
      else response.end(JSON.stringify({ plan: 'pro' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // A generous timeout: on a loaded machine the default 300 ms would fail soft and hide the answer.
      const enricher = createHttpEnricher({
        licensingUrl: url,
        billingUrl: url,
        ttlMs: 60_000,
        timeoutMs: 5_000,
      });
      const subject = { tenantId: 'ten_a', userId: 'usr_1', authorization: 'Bearer tok' };
      expect(await enricher.enrich(subject)).toEqual({ entitlements: ['seats-50', 'sso'], plan: 'pro' });
      await enricher.enrich(subject);
      expect(seen).toHaveLength(3);
      expect(seen.every((line) => line.endsWith('Bearer tok'))).toBe(true);
      // Requests arriving while an entry is looked up share that lookup (one call per endpoint).
      const other = { tenantId: 'ten_a', userId: 'usr_2', authorization: 'Bearer tok' };
      const together = await Promise.all([
        enricher.enrich(other),
        enricher.enrich(other),
        enricher.enrich(other),
      ]);
      expect(seen).toHaveLength(6);
      expect(together[1]).toBe(together[0]);
      expect(together[2]).toBe(together[0]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('fails soft when licensing and billing are down', async () => {
    const enricher = createHttpEnricher({
      licensingUrl: 'http://127.0.0.1:1',
      billingUrl: 'http://127.0.0.1:1',
      ttlMs: 60_000,
    });
    expect(await enricher.enrich({ tenantId: 'ten_a', userId: 'usr_1', authorization: 'Bearer x' })).toEqual(
      NO_ENRICHMENT,
    );
  });
});
