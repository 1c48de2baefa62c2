import { fileURLToPath } from 'node:url';
import { type ConfigOf, env, parseConfig } from '@bulwark/core';
import { JOB_CATALOG } from '@bulwark/queue';
import { parseCidr } from './domain/sinks/network-ranges.js';

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
  fetchers: env.int('AUDIT_FETCHERS', { default: 2, min: 1, max: 32 }),
  // Parallel append statements per batch, over disjoint tenant sets (README "Worker throughput").
  appendShards: env.int('AUDIT_APPEND_SHARDS', { default: 2, min: 1, max: 16 }),
  lockDurationMs: env.int('AUDIT_LOCK_DURATION_MS', { default: 30_000, min: 500 }),
  stalledIntervalMs: env.int('AUDIT_STALLED_INTERVAL_MS', { default: 15_000, min: 200 }),
  checkpointIntervalMs: env.int('AUDIT_CHECKPOINT_INTERVAL_MS', { default: 60_000, min: 100 }),
  // After a Redis loss, events stored this far back are forwarded again (README "Redis loss").
  reforwardMeteringWindowMs: env.int('AUDIT_REFORWARD_METERING_WINDOW_MS', {
    default: 3_600_000,
    min: 1000,
  }),
  reforwardWebhooksWindowMs: env.int('AUDIT_REFORWARD_WEBHOOKS_WINDOW_MS', {
    default: 3_600_000,
    min: 1000,
  }),
  reforwardCheckMs: env.int('AUDIT_REFORWARD_CHECK_MS', { default: 1000, min: 50 }),
  retentionDefaultDays: env.int('AUDIT_RETENTION_DEFAULT_DAYS', { default: 400, min: 1 }),
  retentionIntervalMs: env.int('AUDIT_RETENTION_INTERVAL_MS', { default: 3_600_000, min: 1000 }),
  relayEnabled: env.bool('AUDIT_RELAY', { default: true }),
  webhooksEnabled: env.bool('AUDIT_WEBHOOKS', { default: true }),
  webhookAttempts: env.int('AUDIT_WEBHOOK_ATTEMPTS', {
    default: JOB_CATALOG.webhooks.attempts,
    min: 1,
    max: 30,
  }),
  webhookBackoffMs: env.int('AUDIT_WEBHOOK_BACKOFF_MS', {
    default: JOB_CATALOG.webhooks.backoff.delay,
    min: 10,
    max: 3_600_000,
  }),
  webhookTimeoutMs: env.int('AUDIT_WEBHOOK_TIMEOUT_MS', { default: 10_000, min: 100, max: 120_000 }),
  webhookConcurrency: env.int('AUDIT_WEBHOOK_CONCURRENCY', { default: 8, min: 1, max: 200 }),
  // Bulwark-Event-Ids carries every id (37 bytes each); 300 stays under Node's 16 KiB header limit.
  webhookBatchSize: env.int('AUDIT_WEBHOOK_BATCH_SIZE', { default: 100, min: 1, max: 300 }),
  // SSRF guard (README "Sink network policy"): sinks may not reach loopback, private, link-local,
  // metadata or other special-purpose addresses unless one of these opens them.
  sinkAllowPrivateNetworks: env.bool('AUDIT_SINK_ALLOW_PRIVATE_NETWORKS', { default: false }),
  sinkAllowedCidrs: env.list('AUDIT_SINK_ALLOWED_CIDRS', { default: [] }),
  sinkAllowHttp: env.bool('AUDIT_SINK_ALLOW_HTTP', { default: false }),
  idempotencyKeyTtlSeconds: env.int('AUDIT_IDEMPOTENCY_KEY_TTL_SECONDS', {
    default: 86_400,
    min: 60,
    max: 30 * 86_400,
  }),
  // Reconciler (src/reconcile, README "Reconciler"): outboxes' dispatched rows vs the store.
  reconcileEnabled: env.bool('AUDIT_RECONCILE', { default: true }),
  /** Database names on the DATABASE_URL server or postgres URLs; empty = every Bulwark service's. */
  reconcileSources: env.list('AUDIT_RECONCILE_SOURCES', { default: [], secret: true }),
  reconcileIntervalMs: env.int('AUDIT_RECONCILE_INTERVAL_MS', { default: 30_000, min: 100 }),
  reconcileGraceMs: env.int('AUDIT_RECONCILE_GRACE_MS', { default: 60_000, min: 0 }),
  /** The relays' prune window: older outbox rows are gone anyway. */
  reconcileWindowMs: env.int('AUDIT_RECONCILE_WINDOW_MS', { default: 86_400_000, min: 1000 }),
  reconcileMaxRowsPerRun: env.int('AUDIT_RECONCILE_MAX_ROWS', { default: 100_000, min: 1 }),
  // Operator views (/admin/queues, /v1/reconcile/status) show every tenant's jobs: besides
  // `audit:admin`, the caller's tenant must be listed here or the credential must hold `*`.
  adminTenants: env.list('AUDIT_ADMIN_TENANTS', { default: [] }),
};

export type AuditConfig = ConfigOf<typeof shape>;

export function loadConfig(source: Record<string, string | undefined> = process.env): AuditConfig {
  return parseConfig(shape, source, [
    (c) =>
      c.stalledIntervalMs > c.lockDurationMs
        ? 'AUDIT_STALLED_INTERVAL_MS must not exceed AUDIT_LOCK_DURATION_MS (a stalled job would wait twice).'
        : undefined,
    (c) => {
      const bad = c.sinkAllowedCidrs.filter((cidr) => parseCidr(cidr) === undefined);
      return bad.length > 0
        ? `AUDIT_SINK_ALLOWED_CIDRS has invalid entries (${bad.join(', ')}): expected CIDRs like 10.20.0.0/16 or fd00::/8.`
        : undefined;
    },
  ]);
}
