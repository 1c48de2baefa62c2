import { describe, expect, it } from 'vitest';
import { hasPrefix, isUuid, publicId, uuidv7, uuidv7Time } from '../src/index.js';

describe('ids', () => {
  it('uuidv7 has version 7, RFC variant and encodes its time', () => {
    const at = Date.UTC(2026, 10, 29, 12, 0, 0);
    const id = uuidv7(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(uuidv7Time(id)).toBe(at);
  });

  it('uuidv7 never repeats within a millisecond and keeps the v7 layout', () => {
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(uuidv7Time(id)).toBe(now);
    }
    expect(uuidv7Time(uuidv7(1))).toBe(1);
  });

  it('uuidv7 sorts by time', () => {
    const ids = [3, 1, 2].map((n) => uuidv7(1_700_000_000_000 + n * 1000));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('public ids carry their prefix and are unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => publicId('agent')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(hasPrefix(id, 'agent')).toBe(true);
    expect(hasPrefix(publicId('tenant'), 'agent')).toBe(false);
  });
});
