import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, rejectionOf, startHarness } from './harness.js';

describe('customers, authentication and error bodies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.emulator.close();
  });

  it('creates, retrieves and lists customers through the official SDK', async () => {
    const created = await h.stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      metadata: { tenant: 't1' },
    });
    expect(created.id).toMatch(/^cus_/);
    expect(created.metadata).toEqual({ tenant: 't1' });
    const fetched = await h.stripe.customers.retrieve(created.id);
    expect(fetched).toMatchObject({ id: created.id, email: 'ada@example.com', name: 'Ada' });
    const listed = await h.stripe.customers.list({ email: 'ada@example.com' });
    expect(listed.data.map((customer) => customer.id)).toEqual([created.id]);
  });

  it('answers a missing customer with resource_missing and a Request-Id', async () => {
    const error = await rejectionOf(h.stripe.customers.retrieve('cus_nope'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    expect(String(error.requestId)).toMatch(/^req_/);
  });

  it('refuses calls without a test secret key (401)', async () => {
    const bare = await fetch(`${h.emulator.url}/v1/customers`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('request-id')).toMatch(/^req_/);
    expect(((await bare.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');

    const live = new Stripe('sk_live_definitely_not_here', {
      ...h.emulator.stripeOptions,
      maxNetworkRetries: 0,
    });
    const error = await rejectionOf(live.customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('accepts the key as a Basic-auth user name like curl -u', async () => {
    const response = await fetch(`${h.emulator.url}/v1/customers`, {
      headers: { authorization: `Basic ${Buffer.from('sk_test_curl_user:').toString('base64')}` },
    });
    expect(response.status).toBe(200);
  });

  it('answers unknown URLs with a Stripe 404 body', async () => {
    const response = await fetch(`${h.emulator.url}/v1/nothing_here`, {
      headers: { authorization: 'Bearer sk_test_abcd' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('serves /readyz without a key', async () => {
    const response = await fetch(`${h.emulator.url}/readyz`);
    expect(response.status).toBe(200);
  });
});
