/** Time comes from a clock, never from `Date.now()` in domain code, so tests can move it. */
export interface Clock {
  now(): Date;
  nowMs(): number;
  nowSeconds(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

export interface TestClock extends Clock {
  set(at: Date | number): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | number = Date.UTC(2026, 0, 1)): TestClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => new Date(current),
    nowMs: () => current,
    nowSeconds: () => Math.floor(current / 1000),
    set(at) {
      current = typeof at === 'number' ? at : at.getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}
