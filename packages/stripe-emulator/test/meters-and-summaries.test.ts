import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeter, type Harness, rejectionOf, startHarness } from './harness.js';

describe('billing meters and meter event summaries', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimitPerSecond: 10_000 });
  });
  afterAll(async () => {
    await h.emulator.close();
  });

  it('creates, retrieves and lists meters with their mapping settings', async () => {
    const meter = await h.stripe.billing.meters.create({
      display_name: 'Tokens',
      event_name: 'tokens_used',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { event_payload_key: 'account', type: 'by_id' },
      value_settings: { event_payload_key: 'tokens' },
    });
    expect(meter).toMatchObject({
      object: 'billing.meter',
      status: 'active',
      customer_mapping: { event_payload_key: 'account', type: 'by_id' },
      value_settings: { event_payload_key: 'tokens' },
    });
    expect((await h.stripe.billing.meters.retrieve(meter.id)).event_name).toBe('tokens_used');
    const list = await h.stripe.billing.meters.list({ limit: 100 });
    expect(list.data.some((candidate) => candidate.id === meter.id)).toBe(true);
  });

  it('refuses a second active meter for the same event_name and an unknown formula', async () => {
    await createMeter(h.stripe, 'dup_meter');
    const dup = await rejectionOf(createMeter(h.stripe, 'dup_meter'));
    expect(dup).toMatchObject({ statusCode: 400, param: 'event_name' });
    const bad = await rejectionOf(
      h.stripe.billing.meters.create({
        display_name: 'x',
        event_name: 'bad_formula',
        default_aggregation: { formula: 'median' as 'sum' },
      }),
    );
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(bad.param).toBe('default_aggregation[formula]');
  });

  it('sums or counts events per customer over [start, end), by custom payload keys', async () => {
    const customer = await h.stripe.customers.create({});
    const other = await h.stripe.customers.create({});
    const sum = await h.stripe.billing.meters.create({
      display_name: 'calls',
      event_name: 'calls_sum',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { event_payload_key: 'account', type: 'by_id' },
      value_settings: { event_payload_key: 'n' },
    });
    const count = await createMeter(h.stripe, 'calls_count', 'count');
    const hour = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
    const send = (eventName: string, payload: Record<string, string>, timestamp: number) =>
      h.stripe.billing.meterEvents.create({ event_name: eventName, payload, timestamp });
    await send('calls_sum', { account: customer.id, n: '5' }, hour + 10);
    await send('calls_sum', { account: customer.id, n: '7' }, hour + 3599);
    await send('calls_sum', { account: other.id, n: '100' }, hour + 20);
    await send('calls_sum', { account: customer.id, n: '1' }, hour + 3600); // next hour: excluded
    await send('calls_count', { stripe_customer_id: customer.id, value: '40' }, hour + 5);
    await send('calls_count', { stripe_customer_id: customer.id, value: '2' }, hour + 6);

    const sums = await h.stripe.billing.meters.listEventSummaries(sum.id, {
      customer: customer.id,
      start_time: hour,
      end_time: hour + 3600,
    });
    expect(sums.data.map((summary) => summary.aggregated_value)).toEqual([12]);
    const counts = await h.stripe.billing.meters.listEventSummaries(count.id, {
      customer: customer.id,
      start_time: hour,
      end_time: hour + 3600,
    });
    expect(counts.data[0]?.aggregated_value).toBe(2);

    const hourly = await h.stripe.billing.meters.listEventSummaries(sum.id, {
      customer: customer.id,
      start_time: hour,
      end_time: hour + 7200,
      value_grouping_window: 'hour',
    });
    expect(hourly.data.map((summary) => summary.aggregated_value)).toEqual([12, 1]);
  });

  it('rejects summary windows that do not align to the grouping window', async () => {
    const meter = await createMeter(h.stripe, 'aligned');
    const customer = await h.stripe.customers.create({});
    const error = await rejectionOf(
      h.stripe.billing.meters.listEventSummaries(meter.id, {
        customer: customer.id,
        start_time: 1_000_001,
        end_time: 1_003_601,
        value_grouping_window: 'hour',
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'start_time' });
  });
});
