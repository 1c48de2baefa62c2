import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, nowSeconds } from '../context.js';
import type { FormValue } from '../http/form-body.js';
import { asFormObject, optionalString, paginate, requiredString, stringRecord } from '../http/params.js';
import { invalidParam, missingParam, resourceMissing } from '../http/stripe-error.js';
import { stripeId } from '../state/ids.js';
import type { SubscriptionItemObject, SubscriptionObject } from '../state/objects.js';

const MONTH_SECONDS = 30 * 86_400;

/**
 * The subscription calls billing reads (retrieve, list by customer) plus create/update/cancel so tests
 * can produce the `customer.subscription.*` webhooks billing mirrors. Prices are referenced by id only.
 */
export function subscriptionRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1/subscriptions', async (request) => {
    const body = asFormObject(request.body);
    const customer = requiredString(body, 'customer');
    if (!ctx.store.customers.has(customer)) throw resourceMissing('customer', customer, 'customer');
    const now = nowSeconds(ctx);
    const subscription: SubscriptionObject = {
      id: stripeId('sub', 24),
      object: 'subscription',
      created: now,
      customer,
      status: 'active',
      cancel_at_period_end: false,
      current_period_start: now,
      current_period_end: now + MONTH_SECONDS,
      items: { object: 'list', data: parseItems(body.items), has_more: false, url: '/v1/subscription_items' },
      metadata: stringRecord(body.metadata, 'metadata'),
      livemode: false,
    };
    ctx.store.subscriptions.set(subscription.id, subscription);
    ctx.webhooks.emit('customer.subscription.created', subscription, request.id);
    return subscription;
  });

  app.get<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request) => {
    const subscription = ctx.store.subscriptions.get(request.params.id);
    if (!subscription) throw resourceMissing('subscription', request.params.id);
    return subscription;
  });

  app.get('/v1/subscriptions', async (request) => {
    const query = asFormObject(request.query);
    const customer = optionalString(query, 'customer');
    const status = optionalString(query, 'status');
    const all = [...ctx.store.subscriptions.values()]
      .filter((sub) => customer === undefined || sub.customer === customer)
      .filter((sub) =>
        status === undefined ? sub.status !== 'canceled' : status === 'all' || sub.status === status,
      )
      .reverse();
    return paginate(all, query, '/v1/subscriptions');
  });

  app.post<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request) => {
    const subscription = ctx.store.subscriptions.get(request.params.id);
    if (!subscription) throw resourceMissing('subscription', request.params.id);
    const body = asFormObject(request.body);
    const previous: Record<string, unknown> = {};
    const cancel = optionalString(body, 'cancel_at_period_end');
    if (cancel !== undefined) {
      if (cancel !== 'true' && cancel !== 'false')
        throw invalidParam('cancel_at_period_end', 'Invalid boolean.');
      previous.cancel_at_period_end = subscription.cancel_at_period_end;
      subscription.cancel_at_period_end = cancel === 'true';
    }
    if (body.metadata !== undefined) {
      previous.metadata = { ...subscription.metadata };
      subscription.metadata = { ...subscription.metadata, ...stringRecord(body.metadata, 'metadata') };
    }
    ctx.webhooks.emit('customer.subscription.updated', subscription, request.id, previous);
    return subscription;
  });

  app.delete<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request) => {
    const subscription = ctx.store.subscriptions.get(request.params.id);
    if (!subscription) throw resourceMissing('subscription', request.params.id);
    subscription.status = 'canceled';
    ctx.webhooks.emit('customer.subscription.deleted', subscription, request.id);
    return subscription;
  });
}

function parseItems(raw: FormValue | undefined): SubscriptionItemObject[] {
  if (raw === undefined) throw missingParam('items');
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalidParam('items', 'items must be a non-empty array.');
  return raw.map((entry, index) => {
    const item = asFormObject(entry);
    const price = optionalString(item, 'price');
    if (!price) throw missingParam(`items[${index}][price]`);
    const quantity = optionalString(item, 'quantity');
    return {
      id: stripeId('si', 14),
      object: 'subscription_item',
      price: { id: price, object: 'price', recurring: { usage_type: 'metered', meter: null } },
      quantity: quantity === undefined ? null : Number(quantity),
    };
  });
}
