import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/domain/chain/canonical-json.js';
import { manyEvents } from './support/events.js';

/** The reference: a plain recursive walk that sorts each object's keys and writes as it goes. */
function byWalk(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : byWalk(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${byWalk(record[key])}`);
  return `{${members.join(',')}}`;
}

/** Deterministic pseudo-random values of every JSON shape, with awkward keys and numbers. */
function* generatedValues(count: number): Generator<unknown> {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const keys = [
    'a',
    'b',
    'B',
    'aa',
    '',
    'é',
    'z',
    '\u{1F600}',
    '10',
    '2',
    '__proto__',
    'a b',
    '"q"',
    'ü',
    'Z',
  ];
  const numbers = [0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER, 5e-324];
  const make = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.3) {
      const leaf = next();
      if (leaf < 0.2) return null;
      if (leaf < 0.4) return next() < 0.5;
      if (leaf < 0.7) return numbers[Math.floor(next() * numbers.length)];
      return keys[Math.floor(next() * keys.length)] + String.fromCharCode(Math.floor(next() * 0x3000));
    }
    if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => make(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 6); i > 0; i--) {
      const key = keys[Math.floor(next() * keys.length)] as string;
      // defineProperty: an own `__proto__` member, as JSON.parse makes one (assignment would not).
      const member = next() < 0.1 ? undefined : make(depth + 1);
      Object.defineProperty(object, key, {
        value: member,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  };
  for (let i = 0; i < count; i++) yield make(0);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":"é","z":1}]},"b":1}',
    );
    expect(canonicalJson({ B: 1, a: 2, é: 3, '': 4 })).toBe('{"":4,"B":1,"a":2,"é":3}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('is byte-identical to a sorting walk on thousands of generated values and on events', () => {
    let checked = 0;
    for (const value of generatedValues(5000)) {
      expect(canonicalJson(value)).toBe(byWalk(value));
      checked++;
    }
    for (const event of manyEvents(['ten_a', 'ten_b'], 50)) expect(canonicalJson(event)).toBe(byWalk(event));
    expect(checked).toBe(5000);
  });

  it('gives the same bytes for the same value whatever the key order (the jsonb round trip)', () => {
    const [event] = manyEvents(['ten_a'], 1);
    const reordered = Object.fromEntries(Object.entries(event as object).reverse());
    expect(canonicalJson(reordered)).toBe(canonicalJson(event));
  });

  it('writes an own __proto__ member and objects that are not plain exactly like the walk', () => {
    const parsed = JSON.parse('{"changes":{"__proto__":{"x":1},"b":2},"a":{"c":3}}');
    expect(canonicalJson(parsed)).toBe('{"a":{"c":3},"changes":{"__proto__":{"x":1},"b":2}}');
    expect(canonicalJson(parsed)).toBe(byWalk(parsed));
    const inherits = Object.create({ inherited: 1 });
    inherits.own = 2;
    expect(canonicalJson({ inherits, other: { inherited: 3 } })).toBe(
      byWalk({ inherits, other: { inherited: 3 } }),
    );
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":{}}');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});
