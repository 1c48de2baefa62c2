import { useRedisPrefix, useTestDatabase } from '@bulwark/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../src/db/migration-sources.js';
import { STRICT_SINK_NETWORK } from '../src/domain/sinks/sink-network-policy.js';
import { type AuditHarness, type HarnessOptions, startAuditHarness } from './support/audit-app.js';
import { waitFor } from './support/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const db = useTestDatabase(migrationSources, { poolMax: 8 });
const redis = useRedisPrefix();
const receivers: WebhookReceiver[] = [];

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(200);
  receivers.push(r);
  return r;
}

/** One harness per policy; they run one after another on the same database and prefix. */
function useHarness(options: HarnessOptions) {
  const state = {} as { h: AuditHarness; admin: string; agent: string };
  beforeAll(async () => {
    state.h = await startAuditHarness(db.pool, db.url, redis, { webhookAttempts: 3, ...options });
    state.admin = await state.h.issuer.mint({
      sub: 'usr_admin',
      tenant_id: 'ten_a',
      scope: 'audit:admin audit:read',
    });
    state.agent = await state.h.issuer.mint({
      sub: 'usr_alice',
      client_id: 'agt_mail',
      act: { sub: 'agt_mail' },
      tenant_id: 'ten_a',
      scope: 'audit:write',
    });
  });
  afterAll(async () => {
    await state.h?.close();
  });
  const bearer = () => ({ authorization: `Bearer ${state.admin}` });
  return {
    state,
    create: (url: string, prefixes: string[] = []) =>
      state.h.app.inject({
        method: 'POST',
        url: '/v1/sinks',
        headers: bearer(),
        payload: { url, action_prefixes: prefixes },
      }),
    patch: (id: string, url: string) =>
      state.h.app.inject({ method: 'PATCH', url: `/v1/sinks/${id}`, headers: bearer(), payload: { url } }),
    deadLetters: async (id: string) =>
      (await state.h.app.inject({ url: `/v1/sinks/${id}/dead-letters`, headers: bearer() })).json().data as {
        attempts: number;
        last_status: number | null;
        last_error: string;
        status: string;
      }[],
    ingest: async (action: string) => {
      const res = await state.h.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: `Bearer ${state.agent}` },
        payload: { events: [{ action }] },
      });
      expect(res.statusCode).toBe(202);
      await state.h.drainRelay();
      return res.json().ids[0] as string;
    },
  };
}

describe('production default: public https destinations only', () => {
  const api = useHarness({ sinkNetwork: STRICT_SINK_NETWORK, workerSinkNetwork: STRICT_SINK_NETWORK });

  it('refuses loopback, private, link-local/metadata, ULA, IPv4-mapped and localhost URLs with a 400 naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['https://127.0.0.1/hook', /127\.0\.0\.1 \(loopback\)/],
      ['https://169.254.169.254/latest/meta-data/iam/', /169\.254\.169\.254 \(link-local/],
      ['https://10.0.0.1/hook', /10\.0\.0\.1 \(a private network \(RFC 1918\)\)/],
      ['https://172.20.1.1/hook', /RFC 1918/],
      ['https://192.168.1.10/hook', /RFC 1918/],
      ['https://[::1]/hook', /::1 \(loopback\)/],
      ['https://[fd00:ec2::254]/hook', /unique local/],
      ['https://[fe80::1]/hook', /link-local/],
      ['https://[::ffff:127.0.0.1]/hook', /loopback/],
      ['https://[::ffff:a9fe:a9fe]/hook', /link-local/],
      ['https://localhost:8443/hook', /localhost \(loopback\)/],
      ['http://siem.example.com/hook', /must use https/],
    ];
    for (const [url, why] of cases) {
      const res = await api.create(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors, url).toEqual([{ field: '/body/url', message: expect.stringMatching(why) }]);
    }
    const count = await db.pool.query('SELECT count(*)::int AS n FROM sinks');
    expect(count.rows[0].n).toBe(0);
  });

  it('accepts a public https URL, and refuses to PATCH it to a denied one', async () => {
    // A filter no later event matches: the next harness has another KEK.
    const created = await api.create('https://siem.example.com/ingest', ['agent.action.never.']);
    expect(created.statusCode).toBe(201);
    const patched = await api.patch(created.json().id, 'https://169.254.169.254/');
    expect(patched.statusCode).toBe(400);
    expect(patched.json().errors).toEqual([
      { field: '/body/url', message: expect.stringMatching(/link-local/) },
    ]);
    const row = await db.pool.query('SELECT url FROM sinks WHERE id = $1', [created.json().id]);
    expect(row.rows[0].url).toBe('https://siem.example.com/ingest');
  });
});

describe('a policy tightened after sinks were created: refused at delivery time', () => {
  // The API still accepted private destinations; the worker no longer sends to them.
  const api = useHarness({
    sinkNetwork: { allowPrivateNetworks: true, allowedCidrs: [], allowHttp: true },
    workerSinkNetwork: { allowPrivateNetworks: false, allowedCidrs: [], allowHttp: true },
  });

  it('sends nothing, dead-letters at once (no retries) and says why', async () => {
    const byName = await receiver();
    const byAddress = await receiver();
    const nameSink = (
      await api.create(byName.url.replace('127.0.0.1', 'localhost'), ['agent.action.x.'])
    ).json();
    const addressSink = (await api.create(byAddress.url, ['agent.action.x.'])).json();
    const finalFailures: { sinkId: string; attemptsMade: number }[] = [];
    api.state.h.webhookWorker.on('failed', (job) => {
      if (job?.finishedOn) finalFailures.push({ sinkId: job.data.sink_id, attemptsMade: job.attemptsMade });
    });
    const id = await api.ingest('agent.action.x.run');

    let nameLetters: Awaited<ReturnType<typeof api.deadLetters>> = [];
    let addressLetters: Awaited<ReturnType<typeof api.deadLetters>> = [];
    await waitFor('both dead letters', async () => {
      nameLetters = await api.deadLetters(nameSink.id);
      addressLetters = await api.deadLetters(addressSink.id);
      return nameLetters.length > 0 && addressLetters.length > 0;
    });
    expect(nameLetters[0]).toMatchObject({ status: 'dead', attempts: 1, last_status: null });
    expect(nameLetters[0]?.last_error).toMatch(
      /^refused before sending: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/,
    );
    expect(addressLetters[0]).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_status: null,
      last_error: 'refused before sending: 127.0.0.1 is loopback',
    });
    const stored = await db.pool.query('SELECT event_ids FROM sink_dead_letters WHERE sink_id = $1', [
      addressSink.id,
    ]);
    expect(stored.rows[0].event_ids).toEqual([id]);
    // Failed for good after one attempt (UnrecoverableError), though three are configured.
    const ours = () => finalFailures.filter((f) => [nameSink.id, addressSink.id].includes(f.sinkId));
    await waitFor('both jobs failed', async () => ours().length === 2);
    expect(ours().map((f) => f.attemptsMade)).toEqual([1, 1]);
    expect(byName.received).toHaveLength(0);
    expect(byAddress.received).toHaveLength(0);
  });
});

describe('allowed CIDRs open a private range, and only that range', () => {
  const api = useHarness({
    sinkNetwork: { allowPrivateNetworks: false, allowedCidrs: ['127.0.0.1/32'], allowHttp: true },
  });

  it('creates and delivers to an allowed address, refuses its neighbour', async () => {
    const allowed = await receiver();
    const sink = await api.create(allowed.url, ['agent.action.y.']);
    expect(sink.statusCode).toBe(201);
    const neighbour = await api.create(allowed.url.replace('127.0.0.1', '127.0.0.2'));
    expect(neighbour.statusCode).toBe(400);
    expect(neighbour.json().errors[0].message).toBe('must not point at 127.0.0.2 (loopback)');
    const id = await api.ingest('agent.action.y.run');
    await waitFor('the delivery', async () => allowed.received.some((d) => d.body.includes(id)));
    expect(await api.deadLetters(sink.json().id)).toEqual([]);
  });
});
