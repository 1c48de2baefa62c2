import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';

const db = useTestDatabase(migrationSources, { poolMax: 6 });
const redis = useRedisPrefix();
let h: AuditHarness;
let adminA: string;
let readerA: string;
let adminB: string;

beforeAll(async () => {
  h = await startAuditHarness(db.pool, db.url, redis);
  adminA = await h.issuer.mint({ sub: 'usr_admin_a', tenant_id: 'ten_a', scope: 'audit:admin audit:read' });
  readerA = await h.issuer.mint({ sub: 'usr_reader_a', tenant_id: 'ten_a', scope: 'audit:read' });
  adminB = await h.issuer.mint({ sub: 'usr_admin_b', tenant_id: 'ten_b', scope: 'audit:admin audit:read' });
});
afterAll(async () => {
  await h?.close();
});

const bearer = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

function create(token: string, body: object, headers: Record<string, string> = {}) {
  return h.app.inject({ method: 'POST', url: '/v1/sinks', headers: bearer(token, headers), payload: body });
}

async function outboxActions(): Promise<{ action: string; payload: Record<string, unknown> }[]> {
  const rows = await db.pool.query<{ payload: Record<string, unknown> }>(
    "SELECT payload FROM outbox WHERE payload->>'action' LIKE 'audit.sink.%' ORDER BY id",
  );
  return rows.rows.map((row) => ({ action: String(row.payload.action), payload: row.payload }));
}

async function anySinkEventMentions(secret: string): Promise<boolean> {
  const rows = await db.pool.query(
    "SELECT 1 FROM outbox WHERE payload->>'action' LIKE 'audit.sink.%' AND payload::text LIKE '%' || $1 || '%'",
    [secret],
  );
  const stored = await db.pool.query("SELECT 1 FROM audit_events WHERE event::text LIKE '%' || $1 || '%'", [
    secret,
  ]);
  return (rows.rowCount ?? 0) + (stored.rowCount ?? 0) > 0;
}

describe('sinks API', () => {
  it('creates a sink, shows the secret once, stores it sealed, and audits the write without it', async () => {
    const res = await create(adminA, {
      url: 'https://siem.example.com/ingest',
      description: 'Splunk HEC',
      action_prefixes: ['agent.action.*', 'auth.token.'],
    });
    expect(res.statusCode).toBe(201);
    const sink = res.json();
    expect(sink).toMatchObject({
      id: expect.stringMatching(/^snk_/),
      tenant_id: 'ten_a',
      url: 'https://siem.example.com/ingest',
      action_prefixes: ['agent.action.', 'auth.token.'],
      enabled: true,
    });
    expect(sink.secret).toMatch(/^whsec_v1_[A-Za-z0-9_-]{43}$/);
    expect(sink.secret.startsWith(sink.secret_hint.replace('…', ''))).toBe(true);

    const got = await h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(readerA) });
    expect(got.statusCode).toBe(200);
    expect(got.json().secret).toBeUndefined();
    const listed = await h.app.inject({ url: '/v1/sinks', headers: bearer(readerA) });
    expect(listed.json().data.map((s: { id: string }) => s.id)).toContain(sink.id);
    expect(listed.json().data.every((s: Record<string, unknown>) => !('secret' in s))).toBe(true);

    const row = await db.pool.query('SELECT secret_enc FROM sinks WHERE id = $1', [sink.id]);
    expect(row.rows[0].secret_enc).toMatch(/^v1\./);
    expect(row.rows[0].secret_enc).not.toContain(sink.secret.slice(9));

    const [created] = (await outboxActions()).filter((e) => e.action === 'audit.sink.create');
    expect(created?.payload).toMatchObject({
      tenant_id: 'ten_a',
      actor: { type: 'user', id: 'usr_admin_a' },
      target: { type: 'audit_sink', id: sink.id },
      changes: { before: null, after: { url: 'https://siem.example.com/ingest' } },
    });
    expect(await anySinkEventMentions(sink.secret.slice(9))).toBe(false);
  });

  it('honours Idempotency-Key: the same request answers the same sink, a different body is a 409', async () => {
    const body = { url: 'https://hooks.example.com/a', action_prefixes: ['agent.action.'] };
    const first = await create(adminA, body, { 'idempotency-key': 'create-sink-1' });
    const again = await create(adminA, body, { 'idempotency-key': 'create-sink-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    // Keys count for 24 h by default (AUDIT_IDEMPOTENCY_KEY_TTL_SECONDS).
    const ttl = await db.pool.query(
      "SELECT extract(epoch FROM expires_at - created_at)::int AS s FROM idempotency_keys WHERE key = 'create-sink-1'",
    );
    expect(ttl.rows.map((row) => row.s)).toEqual([86_400]);
    const other = await create(
      adminA,
      { ...body, url: 'https://hooks.example.com/b' },
      { 'idempotency-key': 'create-sink-1' },
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_conflict');
    // The same key in another tenant is another key.
    const inB = await create(adminB, body, { 'idempotency-key': 'create-sink-1' });
    expect(inB.statusCode).toBe(201);
    expect(inB.json().id).not.toBe(first.json().id);
    const creates = (await outboxActions()).filter(
      (e) => e.action === 'audit.sink.create' && (e.payload.target as { id: string }).id === first.json().id,
    );
    expect(creates).toHaveLength(1);
  });

  it('updates and deletes, auditing before/after', async () => {
    const sink = (await create(adminA, { url: 'https://hooks.example.com/patch' })).json();
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/v1/sinks/${sink.id}`,
      headers: bearer(adminA),
      payload: { enabled: false, action_prefixes: ['auth.'], description: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      enabled: false,
      action_prefixes: ['auth.'],
      secret_hint: sink.secret_hint,
    });
    const removed = await h.app.inject({
      method: 'DELETE',
      url: `/v1/sinks/${sink.id}`,
      headers: bearer(adminA),
    });
    expect(removed.statusCode).toBe(204);
    expect((await h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(adminA) })).statusCode).toBe(
      404,
    );
    const events = (await outboxActions()).filter((e) => (e.payload.target as { id: string }).id === sink.id);
    expect(events.map((e) => e.action)).toEqual([
      'audit.sink.create',
      'audit.sink.update',
      'audit.sink.delete',
    ]);
    expect(events[1]?.payload.changes).toMatchObject({
      before: { enabled: true },
      after: { enabled: false },
    });
  });

  it('answers 404 for another tenant’s sink on every route, and lists only its own', async () => {
    const sink = (await create(adminA, { url: 'https://hooks.example.com/private' })).json();
    const deliveryId = `dlv_${'0'.repeat(32)}`;
    const attempts = [
      h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(adminB) }),
      h.app.inject({
        method: 'PATCH',
        url: `/v1/sinks/${sink.id}`,
        headers: bearer(adminB),
        payload: { enabled: false },
      }),
      h.app.inject({ method: 'DELETE', url: `/v1/sinks/${sink.id}`, headers: bearer(adminB) }),
      h.app.inject({ url: `/v1/sinks/${sink.id}/dead-letters`, headers: bearer(adminB) }),
      h.app.inject({
        method: 'POST',
        url: `/v1/sinks/${sink.id}/dead-letters/${deliveryId}/retry`,
        headers: bearer(adminB),
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const listB = await h.app.inject({ url: '/v1/sinks', headers: bearer(adminB) });
    expect(listB.json().data.every((s: { tenant_id: string }) => s.tenant_id === 'ten_b')).toBe(true);
    expect(
      (await h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(adminA) })).json().enabled,
    ).toBe(true);
  });

  it('refuses bad input with 400, wrong scope with 403, no credential with 401', async () => {
    for (const url of [
      'ftp://x.example.com/a',
      'https://user:pw@x.example.com/a',
      'not a url',
      'https://x.example.com/#frag',
    ]) {
      const res = await create(adminA, { url });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors?.[0]?.field).toMatch(/url/);
    }
    expect(
      (await create(adminA, { url: 'https://x.example.com', action_prefixes: ['Bad Prefix'] })).statusCode,
    ).toBe(400);
    // Unknown members are stripped (the kit's ajv), so a caller cannot choose a weak secret.
    const chosen = await create(adminA, { url: 'https://x.example.com', secret: 'mine' });
    expect(chosen.json().secret).toMatch(/^whsec_v1_/);
    expect(
      (
        await h.app.inject({
          method: 'PATCH',
          url: '/v1/sinks/snk_0000000000',
          headers: bearer(adminA),
          payload: {},
        })
      ).statusCode,
    ).toBe(400);
    expect((await h.app.inject({ url: '/v1/sinks/not-a-sink', headers: bearer(adminA) })).statusCode).toBe(
      400,
    );
    expect(
      (await h.app.inject({ url: '/v1/sinks?cursor=nonsense', headers: bearer(adminA) })).statusCode,
    ).toBe(400);
    expect((await create(readerA, { url: 'https://x.example.com/a' })).statusCode).toBe(403);
    const adminOnly = await h.issuer.mint({ tenant_id: 'ten_a', scope: 'audit:admin' });
    expect((await h.app.inject({ url: '/v1/sinks', headers: bearer(adminOnly) })).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/v1/sinks' })).statusCode).toBe(401);
  });

  it('pages through sinks with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/sinks?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.app.inject({
        url,
        headers: bearer(adminA),
      });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().data.map((s: { id: string }) => s.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    const count = await db.pool.query("SELECT count(*)::int AS n FROM sinks WHERE tenant_id = 'ten_a'");
    expect(seen).toHaveLength(count.rows[0].n);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
