import type { Redis } from 'ioredis';

/**
 * The docs/contracts.md message plus `tenant_id`: an additive field (verifiers ignore it) that lets
 * the SSE stream forward each tenant only its own revocations without a database lookup per message.
 */
export type RevocationMessage =
  | { kind: 'jti'; value: string; exp: number; tenant_id: string }
  | { kind: 'agent' | 'user' | 'tenant'; value: string; not_before: number; tenant_id: string };

/**
 * Mirrors a committed revocation into Redis and announces it (docs/contracts.md "Revocation
 * propagation"): verifiers load the sorted set / hash as a snapshot and follow the channel.
 * Postgres stays the source of truth; a Redis failure is logged by the caller, not fatal.
 */
export async function publishRevocation(
  redis: Redis,
  prefix: string,
  message: RevocationMessage,
): Promise<void> {
  const pipeline = redis.multi();
  if (message.kind === 'jti') {
    pipeline.zadd(`${prefix}revoked:jti`, message.exp, message.value);
    // Expired jtis no longer matter: trim them so the set stays small.
    pipeline.zremrangebyscore(`${prefix}revoked:jti`, '-inf', Math.floor(Date.now() / 1000) - 60);
  } else {
    pipeline.hset(`${prefix}revoked:nbf`, `${message.kind}:${message.value}`, String(message.not_before));
  }
  pipeline.publish(`${prefix}revocations`, JSON.stringify(message));
  await pipeline.exec();
}
