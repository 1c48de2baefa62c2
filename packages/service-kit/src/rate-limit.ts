import { RateLimitedError } from '@bulwark/core';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';

export interface RateLimitOptions {
  /** Requests per window per key (default 600). Routes override with `config: { rateLimit: { max } }`. */
  max?: number;
  /** Window in ms (default 60 000). */
  timeWindowMs?: number;
  /** Share counters across replicas through Redis; without it each process counts alone. */
  redis?: { url: string; prefix: string };
  keyGenerator?: (request: FastifyRequest) => string;
}

export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const redis = options.redis
    ? new Redis(options.redis.url, {
        connectTimeout: 1_000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      })
    : undefined;
  if (redis) {
    redis.on('error', (error: Error) => app.log.warn({ err: error.message }, 'rate limit: Redis error'));
    app.addHook('onClose', async () => {
      redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: options.max ?? 600,
    timeWindow: options.timeWindowMs ?? 60_000,
    ...(redis && { redis, nameSpace: `${options.redis?.prefix ?? ''}ratelimit:` }),
    // A Redis outage must not take the API down with it: count nothing rather than refuse everything.
    skipOnError: true,
    ...(options.keyGenerator && { keyGenerator: options.keyGenerator }),
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
