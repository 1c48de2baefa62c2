import { redisConnection } from '@bulwark/queue';
import { buildService, type RateLimitOptions, type ServiceApp } from '@bulwark/service-kit';
import type { Pool } from 'pg';
import type { AuditConfig } from './config.js';
import { registerQueueDashboard } from './admin-queues/register-queue-dashboard.js';
import type { Kek } from './domain/checkpoints/kek.js';
import { SinkAddressGuard, sinkNetworkPolicyOf } from './domain/sinks/sink-network-policy.js';
import type { WebhookEnqueuer } from './domain/webhooks/webhook-enqueuer.js';
import { createWebhookProducer } from './pipeline/webhook-producer.js';
import { registerDeadLetterRoutes } from './routes/dead-letter-routes.js';
import { registerReconcileStatusRoute } from './routes/reconcile-status-route.js';
import { registerIngestRoute } from './routes/ingest-route.js';
import { registerQueryRoutes } from './routes/query-routes.js';
import { registerRetentionRoutes } from './routes/retention-routes.js';
import { registerSinkRoutes } from './routes/sink-routes.js';
import { registerVerifyRoute } from './routes/verify-route.js';

export interface AuditAppOptions {
  config: Pick<
    AuditConfig,
    | 'issuer'
    | 'audience'
    | 'authUrl'
    | 'redisUrl'
    | 'redisPrefix'
    | 'retentionDefaultDays'
    | 'webhookAttempts'
    | 'webhookBackoffMs'
  > &
    // Absent = strict: public https sinks only, Idempotency-Keys for 24 h.
    Partial<
      Pick<
        AuditConfig,
        'sinkAllowPrivateNetworks' | 'sinkAllowedCidrs' | 'sinkAllowHttp' | 'idempotencyKeyTtlSeconds'
      >
    >;
  pool: Pool;
  /** Seals sink signing secrets (the same KEK that seals checkpoint keys). */
  kek: Kek;
  /** Overrides for tests (a local JWKS/introspection server). */
  auth?: { jwksUrl?: string; introspectionUrl?: string; revocations?: boolean };
  logger?: boolean;
  /** The kit's per-IP limit (default 600/min); the benchmark turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Tenants whose `audit:admin` may use the operator views (AUDIT_ADMIN_TENANTS); `*` credentials always may. */
  adminTenants?: readonly string[];
}

/**
 * The `webhooks` producer for dead-letter redeliveries, connected on first use: building the app
 * (e.g. to render openapi.json) touches no store.
 */
function lazyWebhooks(config: AuditAppOptions['config']): WebhookEnqueuer & { close(): Promise<void> } {
  let open: { producer: ReturnType<typeof createWebhookProducer>; disconnect: () => void } | undefined;
  return {
    async enqueue(deliveries) {
      if (!open) {
        const connection = redisConnection(config.redisUrl);
        const producer = createWebhookProducer(connection, config.redisPrefix, {
          attempts: config.webhookAttempts,
          backoffMs: config.webhookBackoffMs,
        });
        open = { producer, disconnect: () => connection.disconnect() };
      }
      await open.producer.enqueue(deliveries);
    },
    async close() {
      await open?.producer.close();
      open?.disconnect();
    },
  };
}

/** The audit HTTP API: ingest, query, export, verify, sinks, retention. Process concerns live in server.ts. */
export async function buildAuditApp(options: AuditAppOptions): Promise<ServiceApp> {
  const { config, pool } = options;
  const app = await buildService({
    name: 'audit',
    version: '0.1.0',
    logger: options.logger ?? true,
    // 1,000 events of a few KB each.
    bodyLimit: 8 * 1024 * 1024,
    auth: {
      issuer: config.issuer,
      audiences: [config.audience, `${config.audience}:audit`],
      jwksUrl: options.auth?.jwksUrl ?? `${config.authUrl}/.well-known/jwks.json`,
      introspectionUrl: options.auth?.introspectionUrl ?? `${config.authUrl}/oauth/introspect`,
      ...(options.auth?.revocations !== false && {
        redis: { url: config.redisUrl, prefix: config.redisPrefix },
      }),
    },
    ready: { postgres: () => pool.query('SELECT 1') },
    ...(options.rateLimit !== undefined && { rateLimit: options.rateLimit }),
    openapi: { description: 'Tamper-evident audit trail: ingest, search, export, verify, webhook sinks.' },
  });
  const webhooks = lazyWebhooks(config);
  app.addHook('onClose', () => webhooks.close());
  registerIngestRoute(app, pool);
  registerQueryRoutes(app, pool);
  registerVerifyRoute(app, pool);
  registerSinkRoutes(app, pool, {
    kek: options.kek,
    guard: new SinkAddressGuard(sinkNetworkPolicyOf(config)),
    idempotencyKeyTtlSeconds: config.idempotencyKeyTtlSeconds ?? 86_400,
  });
  registerDeadLetterRoutes(app, pool, webhooks);
  registerRetentionRoutes(app, pool, config.retentionDefaultDays);
  // Operator views (reconciler status, /admin/queues dashboard): README "Reconciler", "Queue dashboard".
  registerReconcileStatusRoute(app, pool, options.adminTenants ?? []);
  registerQueueDashboard(app, { ...config, adminTenants: options.adminTenants ?? [], kek: options.kek });
  return app;
}
