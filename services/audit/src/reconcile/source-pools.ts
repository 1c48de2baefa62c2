import { createPool, hasPgErrorCode, PG_ERROR } from '@bulwark/db';
import type { Pool } from 'pg';
import type { ReconcileSource } from './reconcile-sources.js';

const UNDEFINED_TABLE = '42P01';

/**
 * A source that is not there to compare: its database does not exist on this server (that service
 * is not deployed here) or has no outbox table. Skipped with a warning, never a crash.
 */
export function isAbsentSource(error: unknown): boolean {
  return hasPgErrorCode(error, PG_ERROR.invalidCatalogName, UNDEFINED_TABLE);
}

/**
 * One small pool per source database, opened on first use and kept (a run every 30 s would
 * otherwise reconnect every time). The store's own database reuses the store's pool.
 */
export class SourcePools {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly store: Pool,
    private readonly storeKey: string,
  ) {}

  poolFor(source: ReconcileSource): Pool {
    if (source.key === this.storeKey) return this.store;
    let pool = this.pools.get(source.key);
    if (!pool) {
      pool = createPool({
        connectionString: source.url,
        max: 2,
        applicationName: 'bulwark-audit-reconciler',
        idleTimeoutMs: 60_000,
        onIdleError: () => undefined,
      });
      this.pools.set(source.key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }
}
