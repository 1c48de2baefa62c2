import type { FastifyInstance } from 'fastify';
import { type EmulatorContext, nowSeconds } from '../context.js';
import { asFormObject, optionalObject, optionalString, paginate, requiredString } from '../http/params.js';
import { invalidParam, invalidRequest, missingParam, resourceMissing } from '../http/stripe-error.js';
import { MAX_EVENT_NAME_LENGTH } from '../rules/meter-event-rules.js';
import { stripeId } from '../state/ids.js';
import type { MeterFormula, MeterObject } from '../state/objects.js';

const FORMULAS: readonly MeterFormula[] = ['sum', 'count'];

/** https://docs.stripe.com/api/billing/meter — create, retrieve, list. */
export function meterRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1/billing/meters', async (request) => {
    const body = asFormObject(request.body);
    const displayName = requiredString(body, 'display_name');
    const eventName = requiredString(body, 'event_name');
    if (eventName.length > MAX_EVENT_NAME_LENGTH)
      throw invalidParam('event_name', 'event_name is too long (max 100).');
    const aggregation = optionalObject(body, 'default_aggregation');
    if (!aggregation) throw missingParam('default_aggregation');
    const formula = optionalString(aggregation, 'formula');
    if (formula === undefined) throw missingParam('default_aggregation[formula]');
    if (!FORMULAS.includes(formula as MeterFormula)) {
      throw invalidParam(
        'default_aggregation[formula]',
        `Invalid default_aggregation[formula]: must be one of ${FORMULAS.join(', ')}.`,
      );
    }
    // Stripe allows one active meter per event_name.
    if (ctx.store.activeMeterByEventName(eventName)) {
      throw invalidRequest(
        `A meter with event_name ${eventName} already exists.`,
        'event_name',
        'resource_already_exists',
      );
    }
    const mapping = optionalObject(body, 'customer_mapping');
    const valueSettings = optionalObject(body, 'value_settings');
    const window = optionalString(body, 'event_time_window');
    if (window !== undefined && window !== 'day' && window !== 'hour') {
      throw invalidParam('event_time_window', 'event_time_window must be day or hour.');
    }
    const mappingType = mapping ? (optionalString(mapping, 'type') ?? 'by_id') : 'by_id';
    if (mappingType !== 'by_id')
      throw invalidParam('customer_mapping[type]', 'customer_mapping[type] must be by_id.');
    const now = nowSeconds(ctx);
    const meter: MeterObject = {
      id: stripeId('mtr_test', 24),
      object: 'billing.meter',
      created: now,
      updated: now,
      display_name: displayName,
      event_name: eventName,
      event_time_window: window ?? null,
      status: 'active',
      status_transitions: { deactivated_at: null },
      customer_mapping: {
        event_payload_key: (mapping && optionalString(mapping, 'event_payload_key')) ?? 'stripe_customer_id',
        type: 'by_id',
      },
      default_aggregation: { formula: formula as MeterFormula },
      value_settings: {
        event_payload_key: (valueSettings && optionalString(valueSettings, 'event_payload_key')) ?? 'value',
      },
      livemode: false,
    };
    ctx.store.meters.set(meter.id, meter);
    ctx.webhooks.emit('billing.meter.created', meter, request.id);
    return meter;
  });

  app.get<{ Params: { id: string } }>('/v1/billing/meters/:id', async (request) => {
    const meter = ctx.store.meters.get(request.params.id);
    if (!meter) throw resourceMissing('billing.meter', request.params.id);
    return meter;
  });

  app.get('/v1/billing/meters', async (request) => {
    const query = asFormObject(request.query);
    const status = optionalString(query, 'status');
    const all = [...ctx.store.meters.values()]
      .filter((meter) => status === undefined || meter.status === status)
      .reverse();
    return paginate(all, query, '/v1/billing/meters');
  });

  app.post<{ Params: { id: string } }>('/v1/billing/meters/:id/deactivate', async (request) => {
    const meter = ctx.store.meters.get(request.params.id);
    if (!meter) throw resourceMissing('billing.meter', request.params.id);
    meter.status = 'inactive';
    meter.status_transitions.deactivated_at = nowSeconds(ctx);
    meter.updated = nowSeconds(ctx);
    return meter;
  });
}
