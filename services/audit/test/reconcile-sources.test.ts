import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { reconcileSourcesOf } from '../src/reconcile/reconcile-sources.js';

const audit = 'postgres://bulwark:s3cret@db.internal:6432/bulwark_audit';

describe('reconciler sources', () => {
  it("defaults to audit's own database and every service database on the same server", () => {
    expect(reconcileSourcesOf(audit, []).map((source) => source.key)).toEqual([
      'db.internal:6432/bulwark_audit',
      'db.internal:6432/bulwark_auth',
      'db.internal:6432/bulwark_billing',
      'db.internal:6432/bulwark_licensing',
      'db.internal:6432/bulwark_flags',
    ]);
    // Same credentials and server; the key (shown in logs and the status) carries no password.
    const auth = reconcileSourcesOf(audit, [])[1];
    expect(auth?.url).toBe('postgres://bulwark:s3cret@db.internal:6432/bulwark_auth');
    expect(JSON.stringify(reconcileSourcesOf(audit, []).map((source) => source.key))).not.toContain('s3cret');
  });

  it('takes database names or URLs from AUDIT_RECONCILE_SOURCES, without duplicates', () => {
    const config = loadConfig({
      AUDIT_RECONCILE_SOURCES: 'bulwark_auth, postgres://u@other:5432/billing,bulwark_auth',
      DATABASE_URL: audit,
    });
    expect(reconcileSourcesOf(config.databaseUrl, config.reconcileSources)).toEqual([
      {
        key: 'db.internal:6432/bulwark_auth',
        url: 'postgres://bulwark:s3cret@db.internal:6432/bulwark_auth',
      },
      { key: 'other:5432/billing', url: 'postgres://u@other:5432/billing' },
    ]);
    expect(config).toMatchObject({
      reconcileEnabled: true,
      reconcileIntervalMs: 30_000,
      reconcileGraceMs: 60_000,
      adminTenants: [],
    });
    expect(loadConfig({ AUDIT_RECONCILE: 'off', AUDIT_ADMIN_TENANTS: 'ten_ops,ten_root' })).toMatchObject({
      reconcileEnabled: false,
      adminTenants: ['ten_ops', 'ten_root'],
    });
  });
});
