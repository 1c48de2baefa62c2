import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (for `Retry-After`). */
  retryAfter: number;
}

/**
 * Fixed-window counter in Redis, shared by every replica: INCR, and set the window's expiry on the
 * first hit. Cheap (one round trip) and good enough for abuse limits, which need no precision.
 */
export async function hitRateLimit(
  redis: Redis,
  key: string,
  limit: number,
  windowSeconds: number,
  nowMs: number,
): Promise<RateDecision> {
  const window = Math.floor(nowMs / (windowSeconds * 1000));
  const fullKey = `${key}:${window}`;
  const results = await redis
    .multi()
    .incr(fullKey)
    .expire(fullKey, windowSeconds + 1)
    .exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowSeconds * 1000 - nowMs) / 1000));
  return { allowed: count <= limit, retryAfter };
}
