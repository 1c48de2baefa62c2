import type { Redis } from 'ioredis';
import { runScript } from './redis-script.js';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (for `Retry-After`). */
  retryAfter: number;
}

export interface LimitCheck {
  /** One decision per requested limit, in order. */
  decisions: RateDecision[];
  /** The change-bus counter read in the same round trip (see ChangeBus.isCurrent). */
  seq: number;
}

// Fixed windows: INCR each key, set its expiry on the first hit; also read the change counter.
const LIMIT_SCRIPT = `local out = { tonumber(redis.call('GET', KEYS[1]) or '0') }
for i = 2, #KEYS do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('EXPIRE', KEYS[i], ARGV[1]) end
  out[i] = n
end
return out`;

/**
 * Fixed-window counters in Redis, shared by every replica, for any number of keys plus the change
 * counter — one Lua call, so one round trip per request whatever it checks. Abuse limits need no
 * precision; they need to be shared and cheap.
 */
export async function checkLimits(
  redis: Redis,
  seqKey: string,
  limits: readonly { key: string; max: number }[],
  windowSeconds: number,
  nowMs: number,
): Promise<LimitCheck> {
  const window = Math.floor(nowMs / (windowSeconds * 1000));
  const keys = [seqKey, ...limits.map((l) => `${l.key}:${window}`)];
  const out = (await runScript(redis, LIMIT_SCRIPT, keys, [windowSeconds + 1])) as number[];
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowSeconds * 1000 - nowMs) / 1000));
  return {
    seq: Number(out[0] ?? 0),
    decisions: limits.map((l, i) => ({ allowed: Number(out[i + 1] ?? 0) <= l.max, retryAfter })),
  };
}
