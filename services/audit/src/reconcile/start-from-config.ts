import { type RelayLog, redisConnection } from '@bulwark/queue';
import type { Pool } from 'pg';
import type { AuditConfig } from '../config.js';
import { reconcileSourcesOf, sourceKeyOf } from './reconcile-sources.js';
import { startReconciler } from './start-reconciler.js';

/**
 * The reconciler of a worker process, from config; undefined when AUDIT_RECONCILE=off. Every worker
 * process starts one; the advisory lock lets one of them run at a time.
 */
export function startReconcilerFromConfig(
  config: AuditConfig,
  store: Pool,
  log: RelayLog,
): { stop(): Promise<void> } | undefined {
  if (!config.reconcileEnabled) return undefined;
  const connection = redisConnection(config.redisUrl);
  const running = startReconciler({
    store,
    storeKey: sourceKeyOf(config.databaseUrl),
    sources: reconcileSourcesOf(config.databaseUrl, config.reconcileSources),
    connection,
    redisPrefix: config.redisPrefix,
    graceMs: config.reconcileGraceMs,
    windowMs: config.reconcileWindowMs,
    maxRows: config.reconcileMaxRowsPerRun,
    intervalMs: config.reconcileIntervalMs,
    log,
  });
  return {
    async stop() {
      await running.stop();
      connection.disconnect();
    },
  };
}
