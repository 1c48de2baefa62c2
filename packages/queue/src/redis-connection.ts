import { Redis } from 'ioredis';

/**
 * An ioredis connection fit for BullMQ. Workers hold blocking commands, so BullMQ requires
 * `maxRetriesPerRequest: null` (commands wait for a reconnect instead of failing after N tries).
 * Producers that must fail fast (the outbox relay) bound each call with their own timeout instead.
 */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  // An 'error' event without a listener would crash the process; ioredis reconnects by itself.
  redis.on('error', () => {});
  return redis;
}

/** BullMQ's key prefix for a Bulwark Redis prefix: `${REDIS_PREFIX}bull` (e.g. `bulwark:bull`). */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}
