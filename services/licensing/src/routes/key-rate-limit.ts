import { RateLimitedError, hashSecret } from '@bulwark/core';
import type { ServiceApp } from '@bulwark/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface KeyRateLimitOptions {
  /** Requests per window per license key. */
  max: number;
  timeWindowMs: number;
}

/**
 * Per-license-key limit for the public routes, on top of service-kit's per-IP limit (both apply:
 * per-IP stops key spraying, per-key stops one leaked key from being hammered from many addresses).
 * It uses the same limiter and store service-kit registered (Redis when configured), through its
 * `createRateLimit`; the counter is keyed by a SHA-256 of the key, never the key itself. Runs as a
 * preHandler, after validation, so the body is a string of bounded length. Without service-kit's
 * limiter (rateLimit: false) there is nothing to count with, and this is a no-op.
 */
export type KeyLimitHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function keyRateLimit(app: ServiceApp, options: KeyRateLimitOptions | false): KeyLimitHook[] {
  if (options === false) return [];
  if (!app.hasDecorator('createRateLimit')) return [];
  const limiter = app.createRateLimit({
    max: options.max,
    timeWindow: options.timeWindowMs,
    keyGenerator: (request: FastifyRequest) =>
      `license-key:${hashSecret(String((request.body as { key?: unknown } | undefined)?.key ?? '').trim())}`,
  });
  return [
    async (request: FastifyRequest, reply: FastifyReply) => {
      const outcome = await limiter(request);
      if (outcome.isAllowed || !outcome.isExceeded) return;
      const retryAfter = Math.max(1, outcome.ttlInSeconds);
      reply.header('retry-after', String(retryAfter));
      throw new RateLimitedError(retryAfter);
    },
  ];
}
