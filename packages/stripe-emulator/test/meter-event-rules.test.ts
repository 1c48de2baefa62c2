import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeter, frozenClock, type Harness, rejectionOf, startHarness } from './harness.js';

const DAY = 86_400;

describe('POST /v1/billing/meter_events enforces Stripe rules', () => {
  const clock = frozenClock();
  let h: Harness;
  let customer: string;
  beforeAll(async () => {
    h = await startHarness({ nowMs: clock.nowMs, rateLimitPerSecond: 100_000, meterEventLatencyMs: 0 });
    await createMeter(h.stripe, 'api_calls');
    customer = (await h.stripe.customers.create({})).id;
  });
  afterAll(async () => {
    await h.emulator.close();
  });
  const now = () => Math.floor(clock.nowMs() / 1000);
  const event = (identifier: string, extra: Partial<Stripe.Billing.MeterEventCreateParams> = {}) =>
    h.stripe.billing.meterEvents.create({
      event_name: 'api_calls',
      identifier,
      payload: { stripe_customer_id: customer, value: '3' },
      ...extra,
    });

  it('returns the meter event object', async () => {
    const created = await event('rules-ok-1', { timestamp: now() - 60 });
    expect(created).toMatchObject({
      object: 'billing.meter_event',
      identifier: 'rules-ok-1',
      event_name: 'api_calls',
      timestamp: now() - 60,
      payload: { stripe_customer_id: customer, value: '3' },
    });
  });

  it('rejects a repeated identifier within 24 h with 400 and Stripe-Should-Retry: false', async () => {
    await event('dup-1');
    const error = await rejectionOf(event('dup-1'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'identifier' });
    expect(error.message).toBe('An event already exists with identifier dup-1.');
    expect((error.headers as Record<string, string>)['stripe-should-retry']).toBe('false');
  });

  it('accepts the identifier again once 24 h have passed', async () => {
    await event('dup-later');
    clock.advance(DAY * 1000 - 1000);
    expect((await rejectionOf(event('dup-later'))).statusCode).toBe(400);
    clock.advance(2000);
    await expect(event('dup-later')).resolves.toMatchObject({ identifier: 'dup-later' });
  });

  it('accepts timestamps up to 35 days back and 5 minutes ahead, and nothing beyond', async () => {
    await expect(event('ts-oldest', { timestamp: now() - 35 * DAY })).resolves.toBeTruthy();
    await expect(event('ts-newest', { timestamp: now() + 300 })).resolves.toBeTruthy();
    const old = await rejectionOf(event('ts-old', { timestamp: now() - 35 * DAY - 1 }));
    expect(old).toMatchObject({ statusCode: 400, param: 'timestamp' });
    const future = await rejectionOf(event('ts-future', { timestamp: now() + 301 }));
    expect(future).toMatchObject({ statusCode: 400, param: 'timestamp' });
  });

  it('accepts only whole-number values', async () => {
    for (const value of ['1.5', '-2', 'abc', '']) {
      const error = await rejectionOf(
        event(`value-${value}`, { payload: { stripe_customer_id: customer, value } }),
      );
      expect(error).toMatchObject({ statusCode: 400, param: 'payload[value]' });
    }
    const missingCustomer = await rejectionOf(event('no-customer', { payload: { value: '1' } }));
    expect(missingCustomer).toMatchObject({ statusCode: 400, param: 'payload[stripe_customer_id]' });
  });

  it('does not burn an identifier on a rejected call', async () => {
    await rejectionOf(event('burn-check', { payload: { stripe_customer_id: customer, value: '0.5' } }));
    await expect(event('burn-check')).resolves.toMatchObject({ identifier: 'burn-check' });
  });
});

describe('meter event concurrency and rate limits', () => {
  it('refuses a second in-flight call for the same customer and meter with a 429 lock error', async () => {
    const h = await startHarness({ meterEventLatencyMs: 400, rateLimitPerSecond: 1000 });
    try {
      await createMeter(h.stripe, 'locked');
      await createMeter(h.stripe, 'other_meter');
      const customer = (await h.stripe.customers.create({})).id;
      const send = (eventName: string, identifier: string) =>
        h.stripe.billing.meterEvents.create({
          event_name: eventName,
          identifier,
          payload: { stripe_customer_id: customer, value: '1' },
        });
      const results = await Promise.allSettled([
        send('locked', 'lock-a'),
        send('locked', 'lock-b'),
        send('other_meter', 'lock-c'),
      ]);
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(rejected).toHaveLength(1);
      const reason = (rejected[0] as PromiseRejectedResult).reason as Record<string, unknown>;
      expect(reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(reason).toMatchObject({ statusCode: 429, code: 'lock_timeout' });
      // The other meter for the same customer was not blocked.
      expect(results[2]?.status).toBe('fulfilled');
    } finally {
      await h.emulator.close();
    }
  });

  it('allows 25 writes per second in test mode, then answers 429 rate_limit until the second passes', async () => {
    const clock = frozenClock();
    const h = await startHarness({ nowMs: clock.nowMs, meterEventLatencyMs: 0 });
    try {
      for (let i = 0; i < 25; i++) await h.stripe.customers.create({});
      const error = await rejectionOf(h.stripe.customers.create({}));
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
      // Reads have their own bucket.
      await expect(h.stripe.customers.list()).resolves.toBeTruthy();
      clock.advance(1000);
      await expect(h.stripe.customers.create({})).resolves.toBeTruthy();
    } finally {
      await h.emulator.close();
    }
  });
});
