import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { asFormObject, optionalInteger, optionalObject, optionalString } from '../http/params.js';
import { lockTimeout } from '../http/stripe-error.js';
import { storeMeterEvent, validateMeterEvent } from '../rules/accept-meter-event.js';

/** https://docs.stripe.com/api/billing/meter-event/create */
export function meterEventRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v1/billing/meter_events', async (request) => {
    const body = asFormObject(request.body);
    const payload = optionalObject(body, 'payload');
    const result = validateMeterEvent(ctx, {
      event_name: optionalString(body, 'event_name'),
      identifier: optionalString(body, 'identifier'),
      payload,
      timestamp: optionalInteger(body, 'timestamp'),
    });
    if (!('event' in result)) throw result;
    const release = ctx.lock.tryAcquire(result.customer, result.event.event_name);
    if (!release) throw lockTimeout();
    try {
      if (ctx.meterEventLatencyMs > 0) await sleep(ctx.meterEventLatencyMs);
      // Re-check under the lock: a concurrent call for the same customer+meter cannot get here, but a
      // same-identifier call for another customer could have landed while we slept.
      const again = validateMeterEvent(ctx, {
        event_name: result.event.event_name,
        identifier: result.event.identifier,
        payload,
        timestamp: result.event.timestamp,
      });
      if (!('event' in again)) throw again;
      storeMeterEvent(ctx, again.event, again.customer);
      const { received_at_ms: _received, via: _via, ...publicEvent } = again.event;
      return publicEvent;
    } finally {
      release();
    }
  });
}
