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
