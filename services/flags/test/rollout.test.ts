import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenantStrategy } from '../src/domain/tenant-strategy.js';
import { NO_ENRICHMENT } from '../src/enrichment/context-enricher.js';
import { buildEvaluationContext } from '../src/engine/evaluation-context.js';
import { FlagEngine } from '../src/engine/flag-engine.js';
import { userActor } from './support/actors.js';
import { startStateServer, type StateServer } from './support/state-server.js';

/**
 * A 30 % gradual rollout as Bulwark writes it (tenantStrategy), evaluated for 100,000 distinct
 * users with contexts built from their tokens, through the polling client.
 */
const USERS = 100_000;
let server: StateServer;
let engine: FlagEngine;

beforeAll(async () => {
  server = await startStateServer();
  server.setState({
    version: 2,
    features: [
      {
        name: 'ten_a.checkout',
        enabled: true,
        strategies: [
          tenantStrategy({ tenantId: 'ten_a', unleashName: 'ten_a.checkout', rollout: 30, variants: [] }),
        ],
      },
    ],
  });
  engine = new FlagEngine({ url: server.url, token: 't', refreshMs: 60_000 });
  expect(await engine.ready(10_000)).toBe(true);
});
afterAll(async () => {
  engine.close();
  await server.close();
});

function evaluateAll(): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < USERS; i++) {
    const { context } = buildEvaluationContext(userActor(`usr_${i.toString(36)}_${i}`), NO_ENRICHMENT);
    out.push(engine.isEnabled('ten_a.checkout', context));
  }
  return out;
}

it('enables 30% ± 1% of 100,000 users, and each user keeps their bucket', () => {
  const first = evaluateAll();
  const enabled = first.filter(Boolean).length;
  expect(enabled / USERS).toBeGreaterThanOrEqual(0.29);
  expect(enabled / USERS).toBeLessThanOrEqual(0.31);
  const second = evaluateAll();
  const moved = second.filter((value, i) => value !== first[i]).length;
  expect(moved).toBe(0);
});

it('the tenant constraint keeps the flag off for another tenant whatever the rollout', () => {
  const { context } = buildEvaluationContext(userActor('usr_1', 'ten_b'), NO_ENRICHMENT);
  let on = 0;
  for (let i = 0; i < 1000; i++) {
    if (engine.isEnabled('ten_a.checkout', { ...context, userId: `usr_${i}` })) on++;
  }
  expect(on).toBe(0);
});
