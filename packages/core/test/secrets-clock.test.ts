import { describe, expect, it } from 'vitest';
import { createTestClock, generateSecret, hashSecret, secretHint, verifySecret } from '../src/index.js';

describe('secrets', () => {
  it('generates prefixed, versioned, high-entropy secrets verified in constant time', () => {
    const secret = generateSecret('bwk');
    expect(secret).toMatch(/^bwk_v1_[A-Za-z0-9_-]{43}$/);
    expect(verifySecret(secret, hashSecret(secret))).toBe(true);
    expect(verifySecret(`${secret}x`, hashSecret(secret))).toBe(false);
    expect(verifySecret(secret, 'not-hex')).toBe(false);
    expect(secretHint(secret)).toMatch(/^bwk_v1_.{4}…$/);
  });
});

describe('test clock', () => {
  it('moves only when told', () => {
    const clock = createTestClock(1000);
    expect(clock.nowMs()).toBe(1000);
    clock.advance(5000);
    expect(clock.nowSeconds()).toBe(6);
    clock.set(new Date(0));
    expect(clock.now().getTime()).toBe(0);
  });
});
