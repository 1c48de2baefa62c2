import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { verifyWebhookSignature } from '../src/domain/webhooks/signature.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';
import { waitFor } from './support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const db = useTestDatabase(migrationSources, { poolMax: 8 });
const redis = useRedisPrefix();
let h: AuditHarness;
let agentA: string;
let adminA: string;
let agentB: string;
let adminB: string;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  // Three attempts 50 ms apart (exponential), so a dead letter happens within the test.
  h = await startAuditHarness(db.pool, db.url, redis, { webhookAttempts: 3, webhookBackoffMs: 50 });
  const agent = (tenant: string) =>
    h.issuer.mint({
      sub: 'usr_alice',
      client_id: 'agt_mail',
      act: { sub: 'agt_mail' },
      tenant_id: tenant,
      scope: 'audit:write',
    });
  agentA = await agent('ten_a');
  agentB = await agent('ten_b');
  adminA = await h.issuer.mint({ sub: 'usr_admin', tenant_id: 'ten_a', scope: 'audit:admin audit:read' });
  adminB = await h.issuer.mint({ sub: 'usr_admin', tenant_id: 'ten_b', scope: 'audit:admin audit:read' });
});
afterAll(async () => {
  await h?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function receiver(status = 200): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(status);
  receivers.push(r);
  return r;
}

async function createSink(token: string, url: string, prefixes: string[]) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/sinks',
    headers: bearer(token),
    payload: { url, action_prefixes: prefixes },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string };
}

async function ingest(token: string, events: object[]): Promise<string[]> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(token),
    payload: { events },
  });
  expect(res.statusCode).toBe(202);
  await h.drainRelay();
  return res.json().ids;
}

function deliveredIds(r: WebhookReceiver): string[] {
  return r.received.flatMap((d) =>
    (JSON.parse(d.body) as { events: { id: string }[] }).events.map((e) => e.id),
  );
}

describe('webhook sinks', () => {
  it('delivers matching events, HMAC-signed, and only to the sinks of their tenant', async () => {
    const inA = await receiver();
    const inB = await receiver();
    const sinkA = await createSink(adminA, inA.url, ['agent.action.email.']);
    await createSink(adminB, inB.url, ['agent.action.']);

    const ids = await ingest(agentA, [
      { action: 'agent.action.email.send' },
      { action: 'agent.action.doc.read' },
      { action: 'agent.action.email.read' },
    ]);
    const wanted = [ids[0], ids[2]];
    await waitFor('tenant A deliveries', async () =>
      wanted.every((id) => deliveredIds(inA).includes(id ?? '')),
    );

    for (const delivery of inA.received) {
      expect(delivery.headers['content-type']).toBe('application/json');
      const signature = String(delivery.headers['bulwark-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(sinkA.secret, delivery.body, signature)).toBe(true);
      // A changed body or another secret does not verify.
      expect(verifyWebhookSignature(sinkA.secret, `${delivery.body} `, signature)).toBe(false);
      expect(verifyWebhookSignature(`${sinkA.secret}x`, delivery.body, signature)).toBe(false);
      const body = JSON.parse(delivery.body);
      expect(body.sink_id).toBe(sinkA.id);
      expect(delivery.headers['bulwark-delivery-id']).toBe(body.delivery_id);
      expect(String(delivery.headers['bulwark-event-ids']).split(',')).toEqual(
        body.events.map((e: { id: string }) => e.id),
      );
      expect(body.events[0]).toMatchObject({ tenant_id: 'ten_a', chain: { seq: expect.any(Number) } });
      expect(delivery.body).not.toContain(sinkA.secret);
    }
    expect(deliveredIds(inA)).not.toContain(ids[1]);

    // Tenant B's events go to B's sink, and A's never do.
    const idsB = await ingest(agentB, [{ action: 'agent.action.email.send' }]);
    await waitFor('tenant B delivery', async () => deliveredIds(inB).includes(idsB[0] ?? ''));
    expect(deliveredIds(inB).some((id) => ids.includes(id))).toBe(false);
    expect(deliveredIds(inA)).not.toContain(idsB[0]);
  });

  it('retries a failing receiver with backoff, then lists the delivery as a dead letter that can be redelivered', async () => {
    const flaky = await receiver(500);
    const sink = await createSink(adminA, flaky.url, ['agent.action.crm.']);
    const [id] = await ingest(agentA, [{ action: 'agent.action.crm.update' }]);

    let letters: {
      delivery_id: string;
      status: string;
      attempts: number;
      last_status: number;
      event_ids: string[];
      last_error: string;
    }[] = [];
    await waitFor('a dead letter', async () => {
      const res = await h.app.inject({ url: `/v1/sinks/${sink.id}/dead-letters`, headers: bearer(adminA) });
      letters = res.json().data;
      return letters.length > 0;
    });
    const [letter] = letters;
    expect(letter).toMatchObject({ status: 'dead', attempts: 3, last_status: 500, event_ids: [id] });
    expect(letter?.last_error).toMatch(/^HTTP 500/);
    // Three attempts reached the receiver, all for the same delivery and equally signed.
    expect(flaky.received).toHaveLength(3);
    for (const attempt of flaky.received) {
      expect(attempt.headers['bulwark-delivery-id']).toBe(letter?.delivery_id);
      expect(
        verifyWebhookSignature(sink.secret, attempt.body, String(attempt.headers['bulwark-signature'])),
      ).toBe(true);
    }
    // Tenant B can neither see nor retry it.
    const fromB = await h.app.inject({
      method: 'POST',
      url: `/v1/sinks/${sink.id}/dead-letters/${letter?.delivery_id}/retry`,
      headers: bearer(adminB),
    });
    expect(fromB.statusCode).toBe(404);

    flaky.answer(200);
    const retry = await h.app.inject({
      method: 'POST',
      url: `/v1/sinks/${sink.id}/dead-letters/${letter?.delivery_id}/retry`,
      headers: bearer(adminA),
    });
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toMatchObject({
      delivery_id: letter?.delivery_id,
      status: 'retrying',
      redeliveries: 1,
    });
    await waitFor('the redelivery', async () => {
      const res = await h.app.inject({
        url: `/v1/sinks/${sink.id}/dead-letters?status=delivered`,
        headers: bearer(adminA),
      });
      return res.json().data.length === 1;
    });
    const last = flaky.received.at(-1);
    expect(last?.headers['bulwark-delivery-id']).toBe(letter?.delivery_id);
    expect(JSON.parse(last?.body ?? '{}').events.map((e: { id: string }) => e.id)).toEqual([id]);
    const again = await h.app.inject({
      method: 'POST',
      url: `/v1/sinks/${sink.id}/dead-letters/${letter?.delivery_id}/retry`,
      headers: bearer(adminA),
    });
    expect(again.statusCode).toBe(409);
    const audited = await db.pool.query(
      "SELECT payload FROM outbox WHERE payload->>'action' = 'audit.sink.redeliver'",
    );
    expect(audited.rows[0]?.payload).toMatchObject({
      target: { id: sink.id },
      metadata: { delivery_id: letter?.delivery_id },
    });
  });

  it('sends nothing through a disabled sink', async () => {
    const quiet = await receiver();
    const sink = await createSink(adminA, quiet.url, ['agent.action.calendar.']);
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/v1/sinks/${sink.id}`,
      headers: bearer(adminA),
      payload: { enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    const [id] = await ingest(agentA, [{ action: 'agent.action.calendar.create' }]);
    await waitFor('the event stored', async () => {
      const row = await db.pool.query('SELECT 1 FROM audit_events WHERE id = $1', [id]);
      return row.rowCount === 1;
    });
    // A marker event through an enabled sink proves the pipeline moved past the calendar event.
    const marker = await receiver();
    await createSink(adminA, marker.url, ['agent.action.marker.']);
    const [markerId] = await ingest(agentA, [{ action: 'agent.action.marker.ping' }]);
    await waitFor('the marker delivery', async () => deliveredIds(marker).includes(markerId ?? ''));
    expect(quiet.received).toHaveLength(0);
  });
});
