import { generateSecret, uuidv7 } from '@bulwark/core';
import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';
import { storedCount } from './support/store-stats.js';
import { waitFor } from './support/wait-for.js';

const db = useTestDatabase(migrationSources, { poolMax: 8 });
const redis = useRedisPrefix();
let h: AuditHarness;
let agentA: string; // agt_mail acting for usr_alice in tenant A, audit:write + audit:read
let readerB: string; // a reader in tenant B
const apiKeyA = generateSecret('bwk');

beforeAll(async () => {
  h = await startAuditHarness(db.pool, db.url, redis);
  agentA = await h.issuer.mint({
    sub: 'usr_alice',
    client_id: 'agt_mail',
    act: { sub: 'agt_mail' },
    tenant_id: 'ten_a',
    scope: 'audit:write audit:read',
  });
  readerB = await h.issuer.mint({ sub: 'usr_bob', tenant_id: 'ten_b', scope: 'audit:read audit:write' });
  h.issuer.registerApiKey(apiKeyA, {
    tenant_id: 'ten_a',
    sub: 'key_backend',
    scope: 'audit:write audit:read',
  });
});
afterAll(async () => {
  await h?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function ingest(token: string, body: unknown) {
  return h.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(token), payload: body as object });
}

async function untilStored(n: number) {
  await h.drainRelay();
  await waitFor(`${n} stored events`, async () => (await storedCount(db.pool)) >= n);
}

describe('POST /v1/events', () => {
  it('takes the actor, on_behalf_of and delegation chain from the agent token', async () => {
    const id = uuidv7();
    const res = await ingest(agentA, {
      id,
      action: 'agent.action.email.send',
      target: { type: 'mailbox', id: 'alice@example.com' },
      metadata: { api_key: 'bwk_v1_shouldneverbestoredshouldneverbestored', subject: 'hi' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 1, ids: [id], replayed: [] });
    await untilStored(1);
    const got = await h.app.inject({ url: `/v1/events/${id}`, headers: bearer(agentA) });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id,
      tenant_id: 'ten_a',
      actor: { type: 'agent', id: 'agt_mail' },
      on_behalf_of: { type: 'user', id: 'usr_alice' },
      delegation_chain: [{ sub: 'agt_mail' }],
      credential: { kind: 'access_token' },
      units: 1,
      metadata: { api_key: '[REDACTED]', subject: 'hi' },
      chain: { seq: 1 },
    });
  });

  it('refuses a token caller that tries to claim another actor', async () => {
    const res = await ingest(agentA, {
      action: 'agent.action.email.send',
      actor: { type: 'user', id: 'usr_ceo' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field: '/events/0/actor' }));
  });

  it('is idempotent on a client-supplied id, and refuses non-agent actions and bad input with 4xx', async () => {
    const id = uuidv7();
    const first = await ingest(agentA, { events: [{ id, action: 'agent.action.file.read' }] });
    const again = await ingest(agentA, { events: [{ id, action: 'agent.action.file.read' }] });
    expect(first.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ replayed: [id] });
    expect((await ingest(agentA, { action: 'auth.user.delete' })).statusCode).toBe(400);
    expect((await ingest(agentA, { events: [] })).statusCode).toBe(400);
    expect(
      (await ingest(agentA, { action: 'agent.action.x', occurred_at: '3000-01-01T00:00:00Z' })).statusCode,
    ).toBe(400);
    expect(
      (await ingest(agentA, { action: 'agent.action.x', target: { type: 't', id: 'a\u0000b' } })).statusCode,
    ).toBe(400);
    // Another tenant reusing the id is a conflict, not a silent drop.
    expect((await ingest(readerB, { id, action: 'agent.action.file.read' })).statusCode).toBe(409);
    const noScope = await h.issuer.mint({ tenant_id: 'ten_a', scope: 'audit:read' });
    expect((await ingest(noScope, { action: 'agent.action.x.y' })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: '/v1/events', payload: {} })).statusCode).toBe(401);
  });

  it('accepts an API key reporting for an agent, recording the key as the reporter', async () => {
    const res = await ingest(apiKeyA, {
      action: 'agent.action.crm.update',
      actor: { type: 'agent', id: 'agt_crm' },
      on_behalf_of: { type: 'user', id: 'usr_alice' },
      units: 3,
    });
    expect(res.statusCode).toBe(202);
    const [id] = res.json().ids;
    await untilStored(3);
    const got = await h.app.inject({ url: `/v1/events/${id}`, headers: bearer(agentA) });
    expect(got.json()).toMatchObject({
      actor: { id: 'agt_crm' },
      credential: { kind: 'api_key' },
      metadata: { reported_by: { type: 'api_key', id: 'key_backend' } },
    });
  });
});

describe('query, isolation, export, verify', () => {
  it('answers "what did agent X do for user Y" in one call, paginating stably under inserts', async () => {
    const batch = Array.from({ length: 25 }, (_, i) => ({
      action: `agent.action.doc.read`,
      target: { type: 'doc', id: `d${i}` },
    }));
    expect((await ingest(agentA, { events: batch })).statusCode).toBe(202);
    await untilStored(28);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs = new URLSearchParams({
        agent: 'agt_mail',
        on_behalf_of: 'usr_alice',
        action: 'agent.action.doc',
        limit: '10',
      });
      if (cursor) qs.set('cursor', cursor);
      const page = await h.app.inject({ url: `/v1/events?${qs}`, headers: bearer(agentA) });
      expect(page.statusCode).toBe(200);
      const body = page.json();
      seen.push(...body.data.map((e: { id: string }) => e.id));
      cursor = body.next_cursor;
      // Inserts during the walk must not shift it.
      if (seen.length === 10) await ingest(agentA, { action: 'agent.action.doc.read' });
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(25);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await h.app.inject({ url: '/v1/events?cursor=nonsense', headers: bearer(agentA) });
    expect(bad.statusCode).toBe(400);
  });

  it('never shows tenant A events to tenant B', async () => {
    const list = await h.app.inject({ url: '/v1/events', headers: bearer(readerB) });
    expect(list.json().data.every((e: { tenant_id: string }) => e.tenant_id === 'ten_b')).toBe(true);
    const some = await h.app.inject({ url: '/v1/events?limit=1', headers: bearer(agentA) });
    const id = some.json().data[0].id;
    const cross = await h.app.inject({ url: `/v1/events/${id}`, headers: bearer(readerB) });
    expect(cross.statusCode).toBe(404);
  });

  it('exports NDJSON, CSV and OCSF with an exact X-Total-Count', async () => {
    const ndjson = await h.app.inject({
      url: '/v1/events/export?action=agent.action.doc',
      headers: bearer(agentA),
    });
    expect(ndjson.statusCode).toBe(200);
    const lines = ndjson.body.trim().split('\n');
    expect(lines.length).toBe(Number(ndjson.headers['x-total-count']));
    expect(JSON.parse(lines[0] ?? '{}').action).toBe('agent.action.doc.read');
    const csv = await h.app.inject({ url: '/v1/events/export?format=csv', headers: bearer(agentA) });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toMatch(/^id,occurred_at,tenant_id/);
    expect(rows.length - 1).toBe(Number(csv.headers['x-total-count']));
    const ocsf = await h.app.inject({
      url: '/v1/events/export?format=ocsf&action=agent.action.email',
      headers: bearer(agentA),
    });
    expect(JSON.parse(ocsf.body.trim().split('\n')[0] ?? '{}')).toMatchObject({
      class_uid: 6003,
      category_uid: 6,
      metadata: { tenant_uid: 'ten_a' },
    });
  });

  it('verifies the chain over the API and names a tampered row', async () => {
    const ok = await h.app.inject({ url: '/v1/verify', headers: bearer(agentA) });
    expect(ok.json()).toMatchObject({ ok: true, tenant_id: 'ten_a', anchored: true });
    const victim = await db.pool.query("SELECT id FROM audit_events WHERE tenant_id = 'ten_a' AND seq = 2");
    const client = await db.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE audit_events SET event = jsonb_set(event, '{units}', '0') WHERE id = $1`, [
        victim.rows[0].id,
      ]);
    } finally {
      await client.query('SET session_replication_role = DEFAULT');
      client.release();
    }
    const broken = await h.app.inject({ url: '/v1/verify', headers: bearer(agentA) });
    expect(broken.json()).toMatchObject({ ok: false, first_broken: { seq: 2, event_id: victim.rows[0].id } });
    // Tenant B's chain is unaffected and verified independently.
    expect(
      (await h.app.inject({ url: '/v1/verify', headers: bearer(readerB) })).json().first_broken,
    ).toBeNull();
  });
});
