import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Context } from 'unleash-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlagEngine } from '../src/engine/flag-engine.js';
import { startStateServer, type StateServer } from './support/state-server.js';

/**
 * The @unleash/client-specification suites (5.2.2, the version unleash-client 6 is tested
 * against), run through FlagEngine: the spec's state is served over HTTP and fetched by the same
 * polling client the service uses against its embedded Unleash.
 */
interface SpecCase {
  description: string;
  context: Record<string, unknown>;
  toggleName: string;
  expectedResult: unknown;
}
interface Spec {
  name: string;
  state: { events?: unknown[] };
  tests?: SpecCase[];
  variantTests?: SpecCase[];
}

const specDir = join(
  dirname(createRequire(import.meta.url).resolve('@unleash/client-specification/package.json')),
  'specifications',
);
const index = JSON.parse(readFileSync(join(specDir, 'index.json'), 'utf8')) as string[];
const specs = index.map((file) => JSON.parse(readFileSync(join(specDir, file), 'utf8')) as Spec);

function contextOf(raw: Record<string, unknown>): Context {
  // The spec writes times as ISO strings; the client expects a Date.
  if (typeof raw.currentTime === 'string')
    return { ...raw, currentTime: new Date(raw.currentTime) } as Context;
  return raw as Context;
}

/** The context as the evaluation API shares it between requests: frozen, properties included. */
function frozenContextOf(raw: Record<string, unknown>): Context {
  const context = contextOf(raw);
  if (context.properties) Object.freeze(context.properties);
  return Object.freeze({ ...context });
}

let server: StateServer;
beforeAll(async () => {
  server = await startStateServer();
});
afterAll(async () => {
  await server.close();
});

describe.each(specs.map((spec) => [spec.name, spec] as const))('client specification %s', (_name, spec) => {
  let engine: FlagEngine;
  beforeAll(async () => {
    server.setState(spec.state);
    engine = new FlagEngine({
      url: server.url,
      token: 'spec',
      refreshMs: 60_000,
      format: spec.state.events ? 'delta' : 'full',
    });
    expect(await engine.ready(10_000)).toBe(true);
  });
  afterAll(() => engine.close());

  const cases = spec.tests ?? [];
  const variantCases = spec.variantTests ?? [];
  if (cases.length + variantCases.length === 0) it.skip('has no cases', () => {});
  for (const testCase of cases) {
    it(testCase.description, () => {
      expect(engine.isEnabled(testCase.toggleName, contextOf(testCase.context))).toBe(
        testCase.expectedResult,
      );
      // The evaluation API's path: a frozen, shared context whose stable results are reused.
      const shared = frozenContextOf(testCase.context);
      for (let call = 0; call < 2; call++) {
        expect(engine.evaluate(testCase.toggleName, shared).enabled).toBe(testCase.expectedResult);
      }
    });
  }
  for (const testCase of variantCases) {
    it(`variant: ${testCase.description}`, () => {
      const actual = engine.variant(testCase.toggleName, contextOf(testCase.context));
      const expected = testCase.expectedResult as Record<string, unknown>;
      expect(actual.name).toBe(expected.name);
      expect(actual.enabled).toBe(expected.enabled);
      if ('feature_enabled' in expected) expect(actual.feature_enabled).toBe(expected.feature_enabled);
      if (expected.payload !== undefined) expect(actual.payload).toEqual(expected.payload);
      const shared = frozenContextOf(testCase.context);
      for (let call = 0; call < 2; call++) {
        const evaluated = engine.evaluate(testCase.toggleName, shared);
        expect(evaluated.variant.name).toBe(expected.name);
        expect(evaluated.variant.enabled).toBe(expected.enabled);
        if ('feature_enabled' in expected) expect(evaluated.enabled).toBe(expected.feature_enabled);
      }
    });
  }
});
