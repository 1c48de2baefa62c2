import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, rejectionOf, startHarness } from './harness.js';

const SECRET = 'whsec_emulator_test_secret';

describe('webhook delivery with Stripe-Signature', () => {
  let h: Harness;
  let receiver: Server;
  const received: { body: string; signature: string }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push({ body, signature: String(request.headers['stripe-signature']) });
        response.statusCode = failNext > 0 ? 500 : 200;
        failNext = Math.max(0, failNext - 1);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    h = await startHarness({ webhookEndpoints: [{ url: `http://127.0.0.1:${port}/hook`, secret: SECRET }] });
  });
  afterAll(async () => {
    await h.emulator.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('signs each event so stripe.webhooks.constructEvent accepts it', async () => {
    received.length = 0;
    const customer = await h.stripe.customers.create({ email: 'hook@example.com' });
    const subscription = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_metered' }],
    });
    await h.emulator.ctx.webhooks.idle();
    const events = received.map(({ body, signature }) =>
      h.stripe.webhooks.constructEvent(body, signature, SECRET),
    );
    expect(events.map((event) => event.type)).toEqual(['customer.created', 'customer.subscription.created']);
    expect((events[1]?.data.object as Stripe.Subscription).id).toBe(subscription.id);
  });

  it('produces a signature that fails verification with another secret or a changed body', async () => {
    received.length = 0;
    await h.stripe.customers.create({});
    await h.emulator.ctx.webhooks.idle();
    const [delivery] = received;
    if (!delivery) throw new Error('no delivery');
    expect(() => h.stripe.webhooks.constructEvent(delivery.body, delivery.signature, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => h.stripe.webhooks.constructEvent(`${delivery.body} `, delivery.signature, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('retries a delivery the endpoint refused, and can resend an event on request', async () => {
    received.length = 0;
    failNext = 1;
    await h.stripe.customers.create({});
    await h.emulator.ctx.webhooks.idle();
    expect(received).toHaveLength(2);
    const first = h.stripe.webhooks.constructEvent(
      received[0]?.body ?? '',
      received[0]?.signature ?? '',
      SECRET,
    );
    const resend = await fetch(`${h.emulator.url}/_emulator/events/${first.id}/resend`, { method: 'POST' });
    expect(resend.status).toBe(200);
    await h.emulator.ctx.webhooks.idle();
    expect(received).toHaveLength(3);
  });

  it('emits customer.subscription.updated with previous_attributes', async () => {
    const customer = await h.stripe.customers.create({});
    const subscription = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_x' }],
    });
    await h.emulator.ctx.webhooks.idle();
    received.length = 0;
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await h.emulator.ctx.webhooks.idle();
    const event = h.stripe.webhooks.constructEvent(
      received[0]?.body ?? '',
      received[0]?.signature ?? '',
      SECRET,
    );
    expect(event.type).toBe('customer.subscription.updated');
    expect(event.data.previous_attributes).toEqual({ cancel_at_period_end: false });
    const listed = await h.stripe.subscriptions.list({ customer: customer.id });
    expect(listed.data[0]?.cancel_at_period_end).toBe(true);
  });

  it('refuses a subscription for an unknown customer', async () => {
    const error = await rejectionOf(
      h.stripe.subscriptions.create({ customer: 'cus_missing', items: [{ price: 'p' }] }),
    );
    expect(error).toMatchObject({ statusCode: 404, param: 'customer' });
  });
});
