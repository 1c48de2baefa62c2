import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateFlags } from '../src/domain/evaluate.js';
import { tenantStrategy } from '../src/domain/tenant-strategy.js';
import { type ContextEnricher, type Enrichment, NO_ENRICHMENT } from '../src/enrichment/context-enricher.js';
import { tokenContextOf } from '../src/engine/evaluation-context.js';
import { FlagEngine } from '../src/engine/flag-engine.js';
import { delegatedAgent, userActor } from './support/actors.js';
import { type StateServer, startStateServer } from './support/state-server.js';

const feature = (tenantId: string, name: string) => ({
  name: `${tenantId}.${name}`,
  enabled: true,
  strategies: [tenantStrategy({ tenantId, unleashName: `${tenantId}.${name}`, rollout: 100, variants: [] })],
});

let state: StateServer;
let engine: FlagEngine;
const noEnrichment: ContextEnricher = { enrich: async () => NO_ENRICHMENT };

beforeAll(async () => {
  state = await startStateServer();
  state.setState({
    version: 2,
    features: [feature('ten_a', 'zeta'), feature('ten_a', 'alpha.beta'), feature('ten_ab', 'other')],
  });
  engine = new FlagEngine({ url: state.url, token: 'test', refreshMs: 200 });
  expect(await engine.ready(10_000)).toBe(true);
});
afterAll(async () => {
  engine.close();
  await state.close();
});

describe('per-tenant flag index', () => {
  it('lists a tenant’s flags by local name, never a tenant sharing its prefix', () => {
    expect(engine.tenantFlags('ten_a').map((flag) => flag.localName)).toEqual(['alpha.beta', 'zeta']);
    expect(engine.tenantFlags('ten_ab').map((flag) => flag.unleashName)).toEqual(['ten_ab.other']);
    expect(engine.tenantFlags('ten_none')).toEqual([]);
  });

  it('follows the unleash-client repository when definitions change', async () => {
    state.setState({ version: 2, features: [feature('ten_a', 'zeta'), feature('ten_a', 'new-one')] });
    await vi.waitFor(
      () => expect(engine.tenantFlags('ten_a').map((flag) => flag.localName)).toEqual(['new-one', 'zeta']),
      { timeout: 5_000 },
    );
    expect(engine.tenantFlags('ten_ab')).toEqual([]);
  });

  it('evaluateFlags without a list evaluates exactly the caller tenant’s flags', async () => {
    const out = await evaluateFlags({ engine, enricher: noEnrichment }, userActor('usr_1'), '', {});
    expect(Object.keys(out.flags).sort()).toEqual(['new-one', 'zeta']);
    expect(out.flags.zeta?.enabled).toBe(true);
    const other = await evaluateFlags(
      { engine, enricher: noEnrichment },
      userActor('usr_1', 'ten_b'),
      '',
      {},
    );
    expect(other.flags).toEqual({});
  });
});

describe('token-derived context reuse', () => {
  it('reuses the context for the same actor and enrichment, and rebuilds when enrichment changes', () => {
    const actor = delegatedAgent('agt_x', 'usr_y');
    const first = tokenContextOf(actor, NO_ENRICHMENT).built;
    expect(tokenContextOf(actor, NO_ENRICHMENT).built).toBe(first);
    expect(Object.isFrozen(first.context)).toBe(true);
    expect(first.context.properties).toMatchObject({ tenantId: 'ten_a', agentId: 'agt_x' });
    const enriched: Enrichment = { entitlements: ['sso'], plan: 'pro' };
    const second = tokenContextOf(actor, enriched).built;
    expect(second).not.toBe(first);
    expect(second.context.properties).toMatchObject({ plan: 'pro', entitlements: 'sso' });
    // Another actor object (another token) never sees this actor's context.
    expect(tokenContextOf(delegatedAgent('agt_z', 'usr_y'), enriched).built.context.properties?.agentId).toBe(
      'agt_z',
    );
  });

  it('a caller that sends properties gets its own context; token fields still win', async () => {
    const actor = userActor('usr_2');
    const deps = { engine, enricher: noEnrichment };
    const plain = await evaluateFlags(deps, actor, '', {});
    const custom = await evaluateFlags(deps, actor, '', {
      context: { properties: { region: 'eu', tenantId: 'ten_evil' } },
    });
    expect(custom.context.properties).toMatchObject({ region: 'eu', tenantId: 'ten_a' });
    expect(custom.ignored_context).toEqual(['properties.tenantId']);
    expect(plain.context.properties).not.toHaveProperty('region');
    const again = await evaluateFlags(deps, actor, '', {});
    expect(again.context.properties).toBe(plain.context.properties);
  });
});
