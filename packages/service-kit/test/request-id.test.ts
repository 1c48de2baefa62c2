import { hasPrefix, publicId } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { newRequestId } from '../src/request-id.js';

describe('newRequestId', () => {
  it('has the shape of core publicId("request"): req_ + base32 of a UUIDv7', () => {
    const now = Date.now();
    const ours = newRequestId(now);
    const core = publicId('request', now);
    expect(hasPrefix(ours, 'request')).toBe(true);
    expect(ours).toHaveLength(core.length);
    // The first 50 bits after `req_` are the timestamp (and version bits): identical for one ms.
    expect(ours.slice(0, 14)).toBe(core.slice(0, 14));
  });

  it('sorts by time across milliseconds and never repeats', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => newRequestId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = Array.from({ length: 2_000 }, () => newRequestId(1_700_000_000_000));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });
});
