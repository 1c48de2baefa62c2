import { databaseNameOf, withDatabase } from '@bulwark/db';

/** An outbox database the reconciler compares with the store. */
export interface ReconcileSource {
  /** `host:port/database`: names the source in logs, state and status, never carries credentials. */
  key: string;
  url: string;
}

/** Every Bulwark service database with an outbox (docs/contracts.md), besides audit's own. */
export const SERVICE_DATABASES = ['bulwark_auth', 'bulwark_billing', 'bulwark_licensing', 'bulwark_flags'];

export function sourceKeyOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}/${databaseNameOf(url) ?? ''}`;
}

function sourceOf(entry: string, auditDatabaseUrl: string): ReconcileSource {
  const url = /^postgres(ql)?:\/\//.test(entry) ? entry : withDatabase(auditDatabaseUrl, entry);
  return { key: sourceKeyOf(url), url };
}

/**
 * `AUDIT_RECONCILE_SOURCES` entries (a bare name is a database on the DATABASE_URL server, else a
 * postgres URL) or, when empty, audit's own database plus every service database on the same
 * server. Duplicates (same host, port and database) are dropped.
 */
export function reconcileSourcesOf(auditDatabaseUrl: string, entries: readonly string[]): ReconcileSource[] {
  const wanted = entries.length > 0 ? entries : [auditDatabaseUrl, ...SERVICE_DATABASES];
  const byKey = new Map<string, ReconcileSource>();
  for (const entry of wanted) {
    const source = sourceOf(entry, auditDatabaseUrl);
    if (!byKey.has(source.key)) byKey.set(source.key, source);
  }
  return [...byKey.values()];
}
