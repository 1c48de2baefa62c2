import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Redis runs without persistence. The reconciler keeps a marker key there; finding it gone means
 * Redis lost its contents (or this is the first run), and everything that was only queued — also
 * rows the watermark already passed because their job was waiting — must be compared again.
 * The caller sets it again (`setRedisMarker`) only after the rescan has been recorded in Postgres.
 */
export async function redisMarkerMissing(redis: Redis, key: string): Promise<boolean> {
  return (await redis.exists(key)) === 0;
}

export async function setRedisMarker(redis: Redis, key: string): Promise<void> {
  await redis.set(key, randomUUID());
}

export function redisMarkerKey(redisPrefix: string): string {
  return `${redisPrefix}audit:reconcile:epoch`;
}
