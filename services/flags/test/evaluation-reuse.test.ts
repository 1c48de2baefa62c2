import type { Context } from 'unleash-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tenantStrategy } from '../src/domain/tenant-strategy.js';
import { NO_ENRICHMENT } from '../src/enrichment/context-enricher.js';
import { tokenContextOf } from '../src/engine/evaluation-context.js';
import { FlagEngine } from '../src/engine/flag-engine.js';
import { userActor } from './support/actors.js';
import { type StateServer, startStateServer } from './support/state-server.js';

const stable = (enabled: boolean) => ({
  name: 'ten_a.stable',
  enabled,
  strategies: [
    tenantStrategy({ tenantId: 'ten_a', unleashName: 'ten_a.stable', rollout: 100, variants: [] }),
  ],
});
const coinFlip = {
  name: 'ten_a.coin',
  enabled: true,
  strategies: [
    {
      name: 'flexibleRollout',
      parameters: { rollout: '50', stickiness: 'random', groupId: 'ten_a.coin' },
      constraints: [],
    },
  ],
};

let state: StateServer;
let engine: FlagEngine;

beforeAll(async () => {
  state = await startStateServer();
  state.setState({ version: 2, features: [stable(true), coinFlip] });
  engine = new FlagEngine({ url: state.url, token: 'test', refreshMs: 200 });
  expect(await engine.ready(10_000)).toBe(true);
});
afterAll(async () => {
  engine.close();
  await state.close();
});

describe('reusing results for the shared token-derived context', () => {
  it('reuses a stable flag’s result for the same frozen context, never for an unfrozen one', () => {
    const shared = tokenContextOf(userActor('usr_reuse'), NO_ENRICHMENT).built.context;
    const first = engine.evaluate('ten_a.stable', shared);
    expect(first.enabled).toBe(true);
    expect(engine.evaluate('ten_a.stable', shared)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    const loose: Context = { userId: 'usr_reuse', properties: { tenantId: 'ten_a' } };
    expect(engine.evaluate('ten_a.stable', loose)).not.toBe(engine.evaluate('ten_a.stable', loose));
  });

  it('never reuses across tenants: the tenant constraint is evaluated per context', () => {
    const other = tokenContextOf(userActor('usr_reuse', 'ten_b'), NO_ENRICHMENT).built.context;
    expect(engine.evaluate('ten_a.stable', other).enabled).toBe(false);
  });

  it('keeps drawing for a flag that draws a random number per call', () => {
    const shared = tokenContextOf(userActor('usr_coin'), NO_ENRICHMENT).built.context;
    const seen = new Set<boolean>();
    for (let i = 0; i < 200 && seen.size < 2; i++) seen.add(engine.evaluate('ten_a.coin', shared).enabled);
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('drops reused results as soon as the definitions change', async () => {
    const shared = tokenContextOf(userActor('usr_change'), NO_ENRICHMENT).built.context;
    expect(engine.evaluate('ten_a.stable', shared).enabled).toBe(true);
    state.setState({ version: 2, features: [stable(false), coinFlip] });
    await vi.waitFor(() => expect(engine.evaluate('ten_a.stable', shared).enabled).toBe(false), {
      timeout: 5_000,
    });
    state.setState({ version: 2, features: [stable(true), coinFlip] });
    await vi.waitFor(() => expect(engine.evaluate('ten_a.stable', shared).enabled).toBe(true), {
      timeout: 5_000,
    });
  });
});
