import { buildAuditEvent, systemActor } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { openIntent, settleStaleIntents } from '../src/audit/change-intents.js';
import { useFlagsService } from './support/flags-fixture.js';

// Grace 0: the test's explicit pollOnce settles any intent left behind at once.
const fx = useFlagsService({ intentGraceMs: 0 });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface OutboxEvent {
  id: string;
  action: string;
  tenant_id: string;
  actor: { type: string; id: string };
  target: { id: string } | null;
  changes: { before: unknown; after: unknown } | null;
  metadata?: Record<string, unknown>;
}

async function flagEvents(flag: string): Promise<OutboxEvent[]> {
  const { rows } = await fx.db.pool.query<{ payload: OutboxEvent }>(
    `SELECT payload FROM outbox WHERE payload->'target'->>'id' = $1 ORDER BY created_at, id`,
    [flag],
  );
  return rows.map((row) => row.payload);
}

const intentCount = async () =>
  Number((await fx.db.pool.query('SELECT count(*) AS n FROM flags_change_intents')).rows[0].n);

describe('flag change intents (no Unleash change goes unaudited)', () => {
  it('a normal change emits one event under the intent id and leaves no intent', async () => {
    const admin = await fx.token('ten_i', 'flags:admin');
    const created = await fx.service.app.inject({
      method: 'POST',
      url: '/v1/flags',
      headers: bearer(admin),
      payload: { name: 'plain' },
    });
    expect(created.statusCode).toBe(201);
    expect(await intentCount()).toBe(0);
    const events = await flagEvents('plain');
    expect(events.map((e) => e.action)).toEqual(['flags.flag.create']);
    expect(events[0]?.changes?.after).toMatchObject({ name: 'plain' });
  });

  it('when our commit fails after Unleash changed, the poller emits the prepared event with the actor', async () => {
    const admin = await fx.token('ten_i', 'flags:admin', { sub: 'usr_alice' });
    const created = await fx.service.app.inject({
      method: 'POST',
      url: '/v1/flags',
      headers: bearer(admin),
      payload: { name: 'doomed' },
    });
    expect(created.statusCode).toBe(201);

    // Our bookkeeping table vanishes: the toggle reaches Unleash, then its transaction fails.
    await fx.db.pool.query('ALTER TABLE flags_registry RENAME TO flags_registry_away');
    let status: number;
    try {
      const toggled = await fx.service.app.inject({
        method: 'POST',
        url: '/v1/flags/doomed/toggle',
        headers: bearer(admin),
        payload: { enabled: true },
      });
      status = toggled.statusCode;
    } finally {
      await fx.db.pool.query('ALTER TABLE flags_registry_away RENAME TO flags_registry');
    }
    expect(status).toBeGreaterThanOrEqual(500);
    expect((await flagEvents('doomed')).map((e) => e.action)).toEqual(['flags.flag.create']);
    expect(await intentCount()).toBe(1);

    // The change did happen in Unleash…
    const feature = await fx.service.app.inject({
      method: 'GET',
      url: '/v1/flags/doomed',
      headers: bearer(admin),
    });
    expect(feature.json()).toMatchObject({ enabled: true });

    // …so the next poll emits the toggle's event, once, attributed to the caller.
    await fx.service.poller.pollOnce();
    await fx.service.poller.pollOnce();
    const events = await flagEvents('doomed');
    expect(events.map((e) => e.action)).toEqual(['flags.flag.create', 'flags.flag.toggle']);
    expect(events[1]).toMatchObject({
      tenant_id: 'ten_i',
      actor: { id: 'usr_alice' },
      changes: { before: { enabled: false }, after: null },
      metadata: { recovered: true },
    });
    expect((events[1]?.metadata?.unleash_event_ids as number[]).length).toBeGreaterThan(0);
    expect(await intentCount()).toBe(0);
  });

  it('an intent whose change never reached Unleash is dropped without an event', async () => {
    const prepared = buildAuditEvent({
      actor: systemActor('ten_i', 'test'),
      action: 'flags.flag.toggle',
      target: { type: 'flag', id: 'never-applied' },
      changes: { before: { enabled: false }, after: null },
    });
    await openIntent(fx.db.pool, 'ten_i.never-applied', prepared);
    const client = await fx.db.pool.connect();
    try {
      expect(await settleStaleIntents(client, 0)).toBe(0);
    } finally {
      client.release();
    }
    expect(await intentCount()).toBe(0);
    expect(await flagEvents('never-applied')).toEqual([]);
  });
});
