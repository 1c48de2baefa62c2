import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMeter, type Harness, rejectionOf, startHarness } from './harness.js';

async function injectFault(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`fault injection failed: ${response.status}`);
}

describe('failure injection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeoutFaultMs: 5_000, rateLimitPerSecond: 1000 });
  });
  beforeEach(() => {
    h.emulator.reset();
  });
  afterAll(async () => {
    await h.emulator.close();
  });

  it('fails the next N calls with 500 and no effect, then recovers', async () => {
    await injectFault(h.emulator.url, { next: 2, kind: '500' });
    for (let i = 0; i < 2; i++) {
      const error = await rejectionOf(h.stripe.customers.create({}));
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error.statusCode).toBe(500);
    }
    await h.stripe.customers.create({});
    expect((await h.stripe.customers.list()).data).toHaveLength(1);
  });

  it('lets a timed-out call take effect while the client never sees the answer', async () => {
    await createMeter(h.stripe, 'timed');
    const customer = (await h.stripe.customers.create({})).id;
    await injectFault(h.emulator.url, { next: 1, kind: 'timeout', path_prefix: '/v1/billing/meter_events' });
    const impatient = new Stripe('sk_test_impatient', {
      ...h.emulator.stripeOptions,
      maxNetworkRetries: 0,
      timeout: 500,
    });
    const error = await rejectionOf(
      impatient.billing.meterEvents.create({
        event_name: 'timed',
        identifier: 'timed-1',
        payload: { stripe_customer_id: customer, value: '4' },
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    // The retry with the same identifier proves the first call landed.
    const retry = await rejectionOf(
      h.stripe.billing.meterEvents.create({
        event_name: 'timed',
        identifier: 'timed-1',
        payload: { stripe_customer_id: customer, value: '4' },
      }),
    );
    expect(retry.message).toContain('already exists with identifier timed-1');
  });

  it('injects 429s only on the chosen path', async () => {
    await injectFault(h.emulator.url, { next: 1, kind: '429', path_prefix: '/v1/billing/meter_events' });
    await expect(h.stripe.customers.create({})).resolves.toBeTruthy();
    await createMeter(h.stripe, 'limited');
    const customer = (await h.stripe.customers.create({})).id;
    const error = await rejectionOf(
      h.stripe.billing.meterEvents.create({
        event_name: 'limited',
        payload: { stripe_customer_id: customer, value: '1' },
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it('validates the control body', async () => {
    const response = await fetch(`${h.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ next: 1, kind: 'explode' }),
    });
    expect(response.status).toBe(400);
  });

  it('reset forgets customers, meters and events', async () => {
    await h.stripe.customers.create({});
    const response = await fetch(`${h.emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect((await h.stripe.customers.list()).data).toHaveLength(0);
  });
});
