import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';

const db = useTestDatabase(migrationSources, { poolMax: 4 });
const redis = useRedisPrefix();
let h: AuditHarness;
let adminA: string;
let adminB: string;

beforeAll(async () => {
  h = await startAuditHarness(db.pool, db.url, redis);
  adminA = await h.issuer.mint({ sub: 'usr_admin_a', tenant_id: 'ten_a', scope: 'audit:admin' });
  adminB = await h.issuer.mint({ sub: 'usr_admin_b', tenant_id: 'ten_b', scope: 'audit:admin' });
});
afterAll(async () => {
  await h?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const put = (token: string, payload: object) =>
  h.app.inject({ method: 'PUT', url: '/v1/retention', headers: bearer(token), payload });

describe('retention API', () => {
  it('shows the default, sets a tenant value, and audits the change with before/after', async () => {
    const initial = await h.app.inject({ url: '/v1/retention', headers: bearer(adminA) });
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toEqual({
      tenant_id: 'ten_a',
      days: 400,
      source: 'default',
      default_days: 400,
      updated_at: null,
    });

    const set = await put(adminA, { days: 90 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ tenant_id: 'ten_a', days: 90, source: 'tenant' });
    expect((await put(adminA, { days: 120 })).json().days).toBe(120);
    expect((await h.app.inject({ url: '/v1/retention', headers: bearer(adminA) })).json().days).toBe(120);

    const events = await db.pool.query(
      "SELECT payload FROM outbox WHERE payload->>'action' = 'audit.retention.update' ORDER BY id",
    );
    expect(events.rows.map((r) => r.payload.changes)).toEqual([
      { before: { days: 400, source: 'default' }, after: { days: 90, source: 'tenant' } },
      { before: { days: 90, source: 'tenant' }, after: { days: 120, source: 'tenant' } },
    ]);
    expect(events.rows[0].payload).toMatchObject({
      tenant_id: 'ten_a',
      actor: { id: 'usr_admin_a' },
      target: { type: 'audit_retention', id: 'ten_a' },
    });
    // Another tenant is untouched.
    expect((await h.app.inject({ url: '/v1/retention', headers: bearer(adminB) })).json().source).toBe(
      'default',
    );
  });

  it('validates the bounds and the scope', async () => {
    for (const days of [0, -5, 36_501, 1.5]) {
      const res = await put(adminA, { days });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors?.[0]?.field).toMatch(/days/);
    }
    expect((await put(adminA, { days: 'thirty' })).statusCode).toBe(400);
    expect((await put(adminA, {})).statusCode).toBe(400);
    expect((await put(adminA, { days: 1 })).statusCode).toBe(200);
    expect((await put(adminA, { days: 36_500 })).statusCode).toBe(200);
    const reader = await h.issuer.mint({ tenant_id: 'ten_a', scope: 'audit:read' });
    expect((await put(reader, { days: 30 })).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/v1/retention', headers: bearer(reader) })).statusCode).toBe(403);
  });
});
