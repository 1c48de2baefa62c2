import type { AuthDeps } from '../context.js';
import { checkLimits } from '../infra/rate-limit.js';
import { OAuthError } from './oauth-error.js';

/**
 * Introspection's per-IP limit (`AUTH_INTROSPECT_RATE_LIMIT`/min, shared through Redis) and the
 * change counter, in one round trip. A Redis failure counts nothing and returns no counter, so the
 * request is answered from Postgres — introspection stays up, and exact, without Redis.
 */
export async function introspectionGate(deps: AuthDeps, ip: string | null): Promise<number | undefined> {
  let check: Awaited<ReturnType<typeof checkLimits>>;
  try {
    check = await checkLimits(
      deps.state.hotRedis,
      deps.state.bus.seqKey,
      [
        {
          key: `${deps.config.redisPrefix}auth:ratelimit:introspect:ip:${ip ?? 'unknown'}`,
          max: deps.config.introspectRateLimit,
        },
      ],
      60,
      deps.clock.nowMs(),
    );
  } catch (error) {
    deps.log.warn({ err: (error as Error).message }, 'introspection rate limit: Redis unavailable');
    return undefined;
  }
  const decision = check.decisions[0];
  if (decision && !decision.allowed) {
    const error = new OAuthError(
      'rate_limited',
      `Too many introspection requests. Retry after ${decision.retryAfter} seconds.`,
    );
    error.retryAfter = decision.retryAfter;
    throw error;
  }
  return check.seq;
}
