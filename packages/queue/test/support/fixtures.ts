import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { outboxMigrations, redisConnection } from '../../src/index.js';

/**
 * Per-file database (migrated with the outbox) and Redis prefix from @bulwark/testing, plus a
 * BullMQ-grade connection (`maxRetriesPerRequest: null`, which workers insist on). Call at the top
 * of a test file; hooks registered after it run their afterAll first, so queues are obliterated
 * before the prefix's keys are deleted and the database is dropped.
 */
export function useQueueFixtures() {
  const db = useTestDatabase([outboxMigrations], { poolMax: 8 });
  const redisPrefix = useRedisPrefix();
  let connection: Redis | undefined;

  beforeAll(() => {
    connection = redisConnection(redisPrefix.url);
  });
  afterAll(async () => {
    await connection?.quit();
  });

  return {
    db,
    get prefix() {
      return redisPrefix.prefix;
    },
    get redisUrl() {
      return redisPrefix.url;
    },
    get connection(): Redis {
      if (!connection) throw new Error('useQueueFixtures: connection is available after beforeAll.');
      return connection;
    },
  };
}
