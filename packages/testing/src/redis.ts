import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test file or run shares: `bwtest:<pid>:<random>:`. */
export function uniqueRedisPrefix(): string {
  return `bwtest:${process.pid}:${randomBytes(6).toString('hex')}:`;
}

/** SCAN pattern that matches the prefix literally, even if it holds glob characters. */
function literalPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

/** Deletes every key that starts with `prefix`, without blocking Redis (SCAN + UNLINK). Returns the count. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (prefix === '')
    throw new Error('deleteKeysWithPrefix: refusing an empty prefix (it would delete everything).');
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', literalPattern(prefix), 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export interface RedisPrefixHandle {
  /** Put it in front of every key, channel and BullMQ prefix the code under test uses. */
  readonly prefix: string;
  readonly url: string;
  /** A connected client; valid from beforeAll on. */
  readonly redis: Redis;
  /** `prefix + name`. */
  key(name: string): string;
}

/**
 * Call at the top of a vitest file: gives the file its own key namespace and a client, and
 * afterwards deletes every key under the namespace and closes the client.
 */
export function useRedisPrefix(options: { url?: string } = {}): RedisPrefixHandle {
  const prefix = uniqueRedisPrefix();
  const url = options.url ?? redisUrl();
  let client: Redis | undefined;

  beforeAll(async () => {
    client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await client.connect();
  });

  afterAll(async () => {
    if (!client) return;
    try {
      await deleteKeysWithPrefix(client, prefix);
    } finally {
      await client.quit();
    }
  });

  return {
    prefix,
    url,
    get redis() {
      if (!client)
        throw new Error(
          'useRedisPrefix: the client is available only inside tests and hooks, after beforeAll.',
        );
      return client;
    },
    key: (name) => `${prefix}${name}`,
  };
}
