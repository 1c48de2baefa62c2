import { fileURLToPath } from 'node:url';
import { type ConfigOf, env, parseConfig } from '@bulwark/core';

const repoDataDir = fileURLToPath(new URL('../../../.bulwark', import.meta.url));

const shape = {
  port: env.port('AUDIT_PORT', { default: 4005 }),
  host: env.string('AUDIT_HOST', { default: '0.0.0.0' }),
  databaseUrl: env.url('DATABASE_URL', {
    default: 'postgres://postgres@127.0.0.1:5432/bulwark_audit',
    protocols: ['postgres:', 'postgresql:'],
  }),
  redisUrl: env.url('REDIS_URL', { default: 'redis://127.0.0.1:6379', protocols: ['redis:', 'rediss:'] }),
  redisPrefix: env.string('REDIS_PREFIX', { default: 'bulwark:' }),
  authUrl: env.url('AUTH_URL', { default: 'http://127.0.0.1:4001' }),
  issuer: env.string('BULWARK_ISSUER', { default: 'http://127.0.0.1:4001' }),
  audience: env.string('BULWARK_AUDIENCE', { default: 'bulwark' }),
  kek: env.optionalString('BULWARK_KEK'),
  dataDir: env.string('BULWARK_DATA_DIR', { default: repoDataDir }),
  workerEnabled: env.bool('AUDIT_WORKER', { default: true }),
  batchSize: env.int('AUDIT_BATCH_SIZE', { default: 1000, min: 1, max: 5000 }),
  batchWaitMs: env.int('AUDIT_BATCH_WAIT_MS', { default: 50, min: 1, max: 10_000 }),
  lockDurationMs: env.int('AUDIT_LOCK_DURATION_MS', { default: 30_000, min: 500 }),
  stalledIntervalMs: env.int('AUDIT_STALLED_INTERVAL_MS', { default: 15_000, min: 200 }),
  checkpointIntervalMs: env.int('AUDIT_CHECKPOINT_INTERVAL_MS', { default: 60_000, min: 100 }),
  retentionDefaultDays: env.int('AUDIT_RETENTION_DEFAULT_DAYS', { default: 400, min: 1 }),
  retentionIntervalMs: env.int('AUDIT_RETENTION_INTERVAL_MS', { default: 3_600_000, min: 1000 }),
  relayEnabled: env.bool('AUDIT_RELAY', { default: true }),
};

export type AuditConfig = ConfigOf<typeof shape>;

export function loadConfig(source: Record<string, string | undefined> = process.env): AuditConfig {
  return parseConfig(shape, source, [
    (c) =>
      c.stalledIntervalMs > c.lockDurationMs
        ? 'AUDIT_STALLED_INTERVAL_MS must not exceed AUDIT_LOCK_DURATION_MS (a stalled job would wait twice).'
        : undefined,
  ]);
}
