import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { asFormObject, optionalInteger, optionalString, requiredString } from '../http/params.js';
import { invalidParam, missingParam, resourceMissing } from '../http/stripe-error.js';
import { stripeId } from '../state/ids.js';
import type { MeterObject } from '../state/objects.js';

const WINDOW_SECONDS = { hour: 3600, day: 86_400 } as const;

/**
 * https://docs.stripe.com/api/billing/meter-event-summary/list — totals per customer over
 * [start_time, end_time), optionally grouped by hour or day (bounds must then align to the window).
 * Stripe computes these asynchronously; the emulator answers at once.
 */
export function eventSummaryRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { id: string } }>('/v1/billing/meters/:id/event_summaries', async (request) => {
    const meter = ctx.store.meters.get(request.params.id);
    if (!meter) throw resourceMissing('billing.meter', request.params.id);
    const query = asFormObject(request.query);
    const customer = requiredString(query, 'customer');
    const start = optionalInteger(query, 'start_time');
    const end = optionalInteger(query, 'end_time');
    if (start === undefined) throw missingParam('start_time');
    if (end === undefined) throw missingParam('end_time');
    if (end <= start) throw invalidParam('end_time', 'end_time must be after start_time.');
    const grouping = optionalString(query, 'value_grouping_window');
    if (grouping !== undefined && grouping !== 'hour' && grouping !== 'day') {
      throw invalidParam('value_grouping_window', 'value_grouping_window must be hour or day.');
    }
    const step = grouping ? WINDOW_SECONDS[grouping] : end - start;
    if (grouping && (start % step !== 0 || end % step !== 0)) {
      throw invalidParam('start_time', `start_time and end_time must align to the ${grouping} window.`);
    }
    const data = [];
    for (let from = start; from < end; from += step) {
      const to = Math.min(from + step, end);
      data.push({
        id: stripeId('mtrusg_test', 24),
        object: 'billing.meter_event_summary' as const,
        aggregated_value: aggregate(ctx, meter, customer, from, to),
        start_time: from,
        end_time: to,
        livemode: false,
        meter: meter.id,
      });
    }
    return { object: 'list', data, has_more: false, url: `/v1/billing/meters/${meter.id}/event_summaries` };
  });
}

function aggregate(
  ctx: EmulatorContext,
  meter: MeterObject,
  customer: string,
  from: number,
  to: number,
): number {
  const customerKey = meter.customer_mapping.event_payload_key;
  const valueKey = meter.value_settings.event_payload_key;
  let total = 0;
  for (const event of ctx.store.meterEvents) {
    if (event.event_name !== meter.event_name || event.payload[customerKey] !== customer) continue;
    if (event.timestamp < from || event.timestamp >= to) continue;
    total += meter.default_aggregation.formula === 'count' ? 1 : Number(event.payload[valueKey] ?? 0);
  }
  return total;
}
