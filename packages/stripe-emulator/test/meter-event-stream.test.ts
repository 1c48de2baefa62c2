import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeter, frozenClock, type Harness, rejectionOf, startHarness } from './harness.js';

describe('v2 meter event sessions and streams', () => {
  const clock = frozenClock(Date.now());
  let h: Harness;
  let customer: string;
  let meterId: string;
  beforeAll(async () => {
    h = await startHarness({ nowMs: clock.nowMs });
    meterId = (await createMeter(h.stripe, 'stream_units')).id;
    customer = (await h.stripe.customers.create({})).id;
  });
  afterAll(async () => {
    await h.emulator.close();
  });

  const batch = (size: number, prefix: string) =>
    Array.from({ length: size }, (_, index) => ({
      event_name: 'stream_units',
      identifier: `${prefix}-${index}`,
      payload: { stripe_customer_id: customer, value: '2' },
      timestamp: new Date(clock.nowMs()).toISOString(),
    }));

  it('issues a session token valid for 15 minutes and accepts up to 100 events per call', async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    expect(session.object).toBe('v2.billing.meter_event_session');
    expect(Date.parse(session.expires_at) - Date.parse(session.created)).toBe(15 * 60 * 1000);
    await h.stripe.v2.billing.meterEventStream.create(
      { events: batch(100, 'b1') },
      { apiKey: session.authentication_token },
    );
    const start = Math.floor(clock.nowMs() / 1000 / 3600) * 3600;
    const summary = await h.stripe.billing.meters.listEventSummaries(meterId, {
      customer,
      start_time: start,
      end_time: start + 3600,
    });
    expect(summary.data[0]?.aggregated_value).toBe(200);
  });

  it('rejects 101 events in one call without storing any of them', async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    const error = await rejectionOf(
      h.stripe.v2.billing.meterEventStream.create(
        { events: batch(101, 'b2') },
        { apiKey: session.authentication_token },
      ),
    );
    expect(error).toMatchObject({ statusCode: 400 });
    const state = (await (await fetch(`${h.emulator.url}/_emulator/state`)).json()) as {
      meter_events_v2: number;
    };
    expect(state.meter_events_v2).toBe(100);
  });

  it('drops a repeated identifier asynchronously (202) and reports it as a meter error', async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    await h.stripe.v2.billing.meterEventStream.create(
      { events: batch(1, 'b1') },
      { apiKey: session.authentication_token },
    );
    const state = (await (await fetch(`${h.emulator.url}/_emulator/state`)).json()) as {
      meter_events_v2: number;
      meter_errors: { identifier: string; reason: string }[];
    };
    expect(state.meter_events_v2).toBe(100);
    expect(state.meter_errors).toContainEqual({
      identifier: 'b1-0',
      reason: 'An event already exists with identifier b1-0.',
    });
  });

  it('answers an expired session with TemporarySessionExpiredError', async () => {
    const session = await h.stripe.v2.billing.meterEventSession.create();
    clock.advance(15 * 60 * 1000);
    const error = await rejectionOf(
      h.stripe.v2.billing.meterEventStream.create(
        { events: batch(1, 'b3') },
        { apiKey: session.authentication_token },
      ),
    );
    expect(error).toBeInstanceOf(Stripe.errors.TemporarySessionExpiredError);
    expect(error.statusCode).toBe(401);
  });

  it('refuses stream calls without a session token', async () => {
    const error = await rejectionOf(h.stripe.v2.billing.meterEventStream.create({ events: batch(1, 'b4') }));
    expect(error.statusCode).toBe(401);
  });
});
