import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { expireSinkRecords } from '../src/domain/sinks/expire-sink-records.js';
import { signatureHeader, verifyWebhookSignature } from '../src/domain/webhooks/signature.js';
import { type AuditHarness, startAuditHarness } from './support/audit-app.js';
import { waitFor } from './support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const db = useTestDatabase(migrationSources, { poolMax: 8 });
const redis = useRedisPrefix();
let h: AuditHarness;
let admin: string;
let reader: string;
let otherAdmin: string;
let agent: string;
let hooks: WebhookReceiver;

beforeAll(async () => {
  h = await startAuditHarness(db.pool, db.url, redis);
  admin = await h.issuer.mint({ sub: 'usr_admin', tenant_id: 'ten_a', scope: 'audit:admin audit:read' });
  reader = await h.issuer.mint({ sub: 'usr_reader', tenant_id: 'ten_a', scope: 'audit:read' });
  otherAdmin = await h.issuer.mint({ sub: 'usr_b', tenant_id: 'ten_b', scope: 'audit:admin audit:read' });
  agent = await h.issuer.mint({
    sub: 'usr_alice',
    client_id: 'agt_mail',
    act: { sub: 'agt_mail' },
    tenant_id: 'ten_a',
    scope: 'audit:write',
  });
  hooks = await startWebhookReceiver(200);
});
afterAll(async () => {
  await h?.close();
  await hooks?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function rotate(token: string, id: string, body?: object) {
  return h.app.inject({
    method: 'POST',
    url: `/v1/sinks/${id}/rotate-secret`,
    headers: bearer(token),
    ...(body !== undefined && { payload: body }),
  });
}

/** Ingests one event for the sink's filter and returns the delivery that carried it. */
async function deliveryOf(action: string) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(agent),
    payload: { events: [{ action }] },
  });
  expect(res.statusCode).toBe(202);
  const [id] = res.json().ids as string[];
  await h.drainRelay();
  let found: WebhookReceiver['received'][number] | undefined;
  await waitFor('the delivery', async () => {
    found = hooks.received.find((d) => d.body.includes(id ?? 'none'));
    return found !== undefined;
  });
  const delivery = found as WebhookReceiver['received'][number];
  return { body: delivery.body, signature: String(delivery.headers['bulwark-signature']) };
}

function v1s(signature: string): string[] {
  return signature
    .split(',')
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
}

async function sinkEventsMention(fragment: string): Promise<boolean> {
  const rows = await db.pool.query(
    "SELECT 1 FROM outbox WHERE payload->>'action' LIKE 'audit.sink.%' AND payload::text LIKE '%' || $1 || '%'",
    [fragment],
  );
  return (rows.rowCount ?? 0) > 0;
}

describe('sink secret rotation', () => {
  it('returns a new secret once, signs with both during the overlap, audits without the secret', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/v1/sinks',
      headers: { ...bearer(admin), 'idempotency-key': 'rotating-sink' },
      payload: { url: hooks.url, action_prefixes: ['agent.action.rot.'] },
    });
    expect(created.statusCode).toBe(201);
    const sink = created.json() as { id: string; secret: string; secret_hint: string };
    const sealedBefore = (await db.pool.query('SELECT secret_enc FROM sinks WHERE id = $1', [sink.id]))
      .rows[0].secret_enc as string;

    const res = await rotate(admin, sink.id);
    expect(res.statusCode).toBe(200);
    const rotated = res.json();
    expect(rotated.secret).toMatch(/^whsec_v1_[A-Za-z0-9_-]{43}$/);
    expect(rotated.secret).not.toBe(sink.secret);
    expect(rotated.secret.startsWith(rotated.secret_hint.replace('…', ''))).toBe(true);
    expect(rotated.previous_secret_hint).toBe(sink.secret_hint);
    // Default overlap: 24 h from the rotation (compared with the database clock that set it).
    const { rows } = await db.pool.query(
      `SELECT extract(epoch FROM previous_secret_expires_at - secret_rotated_at)::int AS overlap,
              previous_secret_enc, secret_enc FROM sinks WHERE id = $1`,
      [sink.id],
    );
    expect(rows[0].overlap).toBe(86_400);
    expect(new Date(rotated.previous_secret_expires_at).getTime()).toBeGreaterThan(Date.now());
    // Both secrets sealed at rest; the old ciphertext moved over unchanged.
    expect(rows[0].previous_secret_enc).toBe(sealedBefore);
    expect(rows[0].secret_enc).toMatch(/^v1\./);
    expect(rows[0].secret_enc).not.toContain(rotated.secret.slice(9));

    // Reads show the overlap, never a secret.
    const got = (await h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(reader) })).json();
    expect(got).toMatchObject({ secret_hint: rotated.secret_hint, previous_secret_hint: sink.secret_hint });
    expect(got.secret).toBeUndefined();

    const delivery = await deliveryOf('agent.action.rot.one');
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const t = Number(delivery.signature.slice(2, delivery.signature.indexOf(',')));
    // Newest first: v1=<new>,v1=<old>.
    expect(v1s(delivery.signature)).toEqual(
      v1s(signatureHeader([rotated.secret, sink.secret], delivery.body, t)),
    );
    expect(verifyWebhookSignature(rotated.secret, delivery.body, delivery.signature)).toBe(true);
    expect(verifyWebhookSignature(sink.secret, delivery.body, delivery.signature)).toBe(true);

    // Audited as a sink update with the hints and the overlap; no secret in any sink event.
    const audited = await db.pool.query(
      "SELECT payload FROM outbox WHERE payload->>'action' = 'audit.sink.secret_rotate' AND payload->'target'->>'id' = $1",
      [sink.id],
    );
    expect(audited.rows).toHaveLength(1);
    expect(audited.rows[0].payload).toMatchObject({
      actor: { id: 'usr_admin' },
      changes: {
        before: { secret_hint: sink.secret_hint, url: hooks.url },
        after: { secret_hint: rotated.secret_hint, url: hooks.url },
      },
      metadata: {
        operation: 'secret_rotate',
        overlap_seconds: 86_400,
        overlap_ends_at: rotated.previous_secret_expires_at,
      },
    });
    expect(await sinkEventsMention(rotated.secret.slice(9))).toBe(false);
    expect(await sinkEventsMention(sink.secret.slice(9))).toBe(false);

    // Replaying the create's Idempotency-Key would hand out the rotated secret: refused.
    const replay = await h.app.inject({
      method: 'POST',
      url: '/v1/sinks',
      headers: { ...bearer(admin), 'idempotency-key': 'rotating-sink' },
      payload: { url: hooks.url, action_prefixes: ['agent.action.rot.'] },
    });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe('idempotency_conflict');
    expect(replay.body).not.toContain(rotated.secret);

    // After the window only the new secret signs, and the sweep forgets the old ciphertext.
    await db.pool.query(
      "UPDATE sinks SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1",
      [sink.id],
    );
    const after = await deliveryOf('agent.action.rot.two');
    expect(v1s(after.signature)).toHaveLength(1);
    expect(verifyWebhookSignature(rotated.secret, after.body, after.signature)).toBe(true);
    expect(verifyWebhookSignature(sink.secret, after.body, after.signature)).toBe(false);
    const shown = (await h.app.inject({ url: `/v1/sinks/${sink.id}`, headers: bearer(reader) })).json();
    expect(shown).toMatchObject({ previous_secret_hint: null, previous_secret_expires_at: null });
    expect((await expireSinkRecords(db.pool)).previousSecrets).toBeGreaterThanOrEqual(1);
    const cleared = await db.pool.query(
      'SELECT previous_secret_enc, previous_secret_hint, previous_secret_expires_at FROM sinks WHERE id = $1',
      [sink.id],
    );
    expect(cleared.rows[0]).toEqual({
      previous_secret_enc: null,
      previous_secret_hint: null,
      previous_secret_expires_at: null,
    });
  });

  it('with overlap_seconds 0 retires the old secret at once; a second rotation drops the oldest', async () => {
    const sink = (
      await h.app.inject({
        method: 'POST',
        url: '/v1/sinks',
        headers: bearer(admin),
        payload: { url: hooks.url, action_prefixes: ['agent.action.zero.'] },
      })
    ).json();
    const first = (await rotate(admin, sink.id, { overlap_seconds: 3600 })).json();
    expect(first.previous_secret_hint).toBe(sink.secret_hint);
    const second = await rotate(admin, sink.id, { overlap_seconds: 600 });
    expect(second.statusCode).toBe(200);
    expect(second.json().previous_secret_hint).toBe(first.secret_hint);
    const both = await deliveryOf('agent.action.zero.a');
    expect(v1s(both.signature)).toHaveLength(2);
    expect(verifyWebhookSignature(second.json().secret, both.body, both.signature)).toBe(true);
    expect(verifyWebhookSignature(first.secret, both.body, both.signature)).toBe(true);
    expect(verifyWebhookSignature(sink.secret, both.body, both.signature)).toBe(false);

    const third = await rotate(admin, sink.id, { overlap_seconds: 0 });
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({ previous_secret_hint: null, previous_secret_expires_at: null });
    const only = await deliveryOf('agent.action.zero.b');
    expect(v1s(only.signature)).toHaveLength(1);
    expect(verifyWebhookSignature(third.json().secret, only.body, only.signature)).toBe(true);
    expect(verifyWebhookSignature(second.json().secret, only.body, only.signature)).toBe(false);
  });

  it('refuses a bad overlap (400 naming the field), the wrong scope (403), another tenant (404)', async () => {
    const sink = (
      await h.app.inject({
        method: 'POST',
        url: '/v1/sinks',
        headers: bearer(admin),
        payload: { url: hooks.url, action_prefixes: ['agent.action.none.'] },
      })
    ).json();
    for (const overlap of [-1, 604_801, 1.5, 'soon']) {
      const res = await rotate(admin, sink.id, { overlap_seconds: overlap });
      expect(res.statusCode, String(overlap)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors?.[0]?.field).toBe('/body/overlap_seconds');
    }
    expect((await rotate(admin, sink.id, { overlap_seconds: 604_800 })).statusCode).toBe(200);
    expect((await rotate(reader, sink.id)).statusCode).toBe(403);
    const fromB = await rotate(otherAdmin, sink.id);
    expect(fromB.statusCode).toBe(404);
    expect((await rotate(admin, 'snk_0000000000zz')).statusCode).toBe(404);
    expect(
      (await h.app.inject({ method: 'POST', url: `/v1/sinks/${sink.id}/rotate-secret` })).statusCode,
    ).toBe(401);
  });
});

describe('verifyWebhookSignature with several v1 entries', () => {
  const body = '{"delivery_id":"dlv_x","events":[]}';
  const now = 1_800_000_000;

  it('accepts when any listed v1 matches, in any position, and for any of several secrets', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], body, now);
    expect(header.split(',')).toHaveLength(3);
    for (const secret of ['whsec_new', 'whsec_old']) {
      expect(verifyWebhookSignature(secret, body, header, { nowSeconds: now })).toBe(true);
    }
    expect(verifyWebhookSignature('whsec_other', body, header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(['whsec_other', 'whsec_old'], body, header, { nowSeconds: now })).toBe(
      true,
    );
    const reversed = signatureHeader(['whsec_old', 'whsec_new'], body, now);
    expect(verifyWebhookSignature('whsec_new', body, reversed, { nowSeconds: now })).toBe(true);
  });

  it('still checks the body, the timestamp and malformed entries', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], body, now);
    expect(verifyWebhookSignature('whsec_old', `${body} `, header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature('whsec_old', body, header, { nowSeconds: now + 301 })).toBe(false);
    const junk = `${header},v1=zz,v1=`;
    expect(verifyWebhookSignature('whsec_old', body, junk, { nowSeconds: now })).toBe(true);
    expect(verifyWebhookSignature('whsec_old', body, `t=${now},v1=zz`, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature([], body, header, { nowSeconds: now })).toBe(false);
  });
});
