import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, nowSeconds } from '../context.js';
import { asFormObject, optionalString, paginate, stringRecord } from '../http/params.js';
import { resourceMissing } from '../http/stripe-error.js';
import { stripeId } from '../state/ids.js';
import type { CustomerObject } from '../state/objects.js';

/** https://docs.stripe.com/api/customers — create, retrieve, list. */
export function customerRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1/customers', async (request) => {
    const body = asFormObject(request.body);
    const customer: CustomerObject = {
      id: stripeId('cus', 14),
      object: 'customer',
      created: nowSeconds(ctx),
      email: optionalString(body, 'email') ?? null,
      name: optionalString(body, 'name') ?? null,
      description: optionalString(body, 'description') ?? null,
      metadata: stringRecord(body.metadata, 'metadata'),
      livemode: false,
    };
    ctx.store.customers.set(customer.id, customer);
    ctx.webhooks.emit('customer.created', customer, request.id);
    return customer;
  });

  app.get<{ Params: { id: string } }>('/v1/customers/:id', async (request) => {
    const customer = ctx.store.customers.get(request.params.id);
    if (!customer) throw resourceMissing('customer', request.params.id);
    return customer;
  });

  app.get('/v1/customers', async (request) => {
    const query = asFormObject(request.query);
    const email = optionalString(query, 'email');
    const all = [...ctx.store.customers.values()]
      .filter((customer) => email === undefined || customer.email === email)
      .reverse();
    return paginate(all, query, '/v1/customers');
  });
}
