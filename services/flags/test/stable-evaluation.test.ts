import { describe, expect, it } from 'vitest';
import { tenantStrategy } from '../src/domain/tenant-strategy.js';
import { type StableCheckedFeature, stableFlagNames } from '../src/engine/stable-evaluation.js';

const rollout = (parameters: Record<string, unknown> = {}) => ({
  name: 'flexibleRollout',
  parameters: { rollout: '50', stickiness: 'default', groupId: 'g', ...parameters },
  constraints: [],
});

function isStable(feature: Omit<StableCheckedFeature, 'name'>, others: StableCheckedFeature[] = []): boolean {
  return stableFlagNames([{ name: 'f', ...feature }, ...others]).has('f');
}

describe('which flags may have their results reused', () => {
  it('Bulwark’s own tenant strategy (sticky on userId, tenant constraint, variants) is stable', () => {
    const strategy = tenantStrategy({
      tenantId: 'ten_a',
      unleashName: 'ten_a.x',
      rollout: 30,
      variants: [{ name: 'blue', weight: 500 }, { name: 'green' }],
    });
    expect(isStable({ strategies: [strategy] })).toBe(true);
    expect(isStable({ strategies: [] })).toBe(true);
  });

  it('anything drawing a random number is evaluated every time', () => {
    expect(isStable({ strategies: [rollout({ stickiness: 'random' })] })).toBe(false);
    expect(
      isStable({ strategies: [{ name: 'gradualRolloutRandom', parameters: { percentage: '50' } }] }),
    ).toBe(false);
    // Variant seeds other than userId fall back to a random number when the field is missing.
    expect(isStable({ strategies: [{ ...rollout(), variants: [{ stickiness: 'sessionId' }] }] })).toBe(false);
    expect(isStable({ strategies: [{ ...rollout({ stickiness: 'region' }), variants: [{}] }] })).toBe(false);
    expect(isStable({ strategies: [rollout()], variants: [{ stickiness: 'random' }] })).toBe(false);
    expect(isStable({ strategies: [rollout()], variants: [{ stickiness: '' }] })).toBe(false);
    // …but a rollout on a custom field without variants answers false when the field is missing.
    expect(isStable({ strategies: [rollout({ stickiness: 'region' })] })).toBe(true);
    expect(isStable({ strategies: [rollout()], variants: [{ stickiness: 'userId' }] })).toBe(true);
  });

  it('anything reading the clock is evaluated every time, in the strategy or in a segment', () => {
    const dated = { contextName: 'currentTime', operator: 'DATE_AFTER' };
    expect(isStable({ strategies: [{ ...rollout(), constraints: [dated] }] })).toBe(false);
    expect(isStable({ strategies: [{ ...rollout(), segments: [{ constraints: [dated] }] }] })).toBe(false);
    expect(
      isStable({
        strategies: [{ ...rollout(), segments: [{ constraints: [{ operator: 'IN' }] }, undefined] }],
      }),
    ).toBe(true);
  });

  it('impression events, unknown strategies and malformed definitions keep their per-call behaviour', () => {
    expect(isStable({ impressionData: true, strategies: [rollout()] })).toBe(false);
    expect(isStable({ strategies: [{ name: 'myCustomStrategy' }] })).toBe(false);
    expect(isStable({ strategies: 'nonsense' as never })).toBe(false);
  });

  it('a dependent flag is stable only while the parents it names are', () => {
    const parent = (strategies: StableCheckedFeature['strategies']) => ({ name: 'p', strategies });
    expect(
      isStable({ strategies: [rollout()], dependencies: [{ feature: 'p' }] }, [parent([rollout()])]),
    ).toBe(true);
    expect(
      isStable({ strategies: [rollout()], dependencies: [{ feature: 'p' }] }, [
        parent([rollout({ stickiness: 'random' })]),
      ]),
    ).toBe(false);
    // A missing parent answers false every time: stable.
    expect(isStable({ strategies: [rollout()], dependencies: [{ feature: 'gone' }] })).toBe(true);
  });
});
