import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { StripeApiError } from '../http/stripe-error.js';
import { storeMeterEvent, validateMeterEvent } from '../rules/accept-meter-event.js';
import { stripeId } from '../state/ids.js';
import type { MeterEventSession } from '../state/objects.js';

/** Session tokens last 15 minutes (https://docs.stripe.com/api/v2/billing/meter-event-session/create). */
export const SESSION_TTL_MS = 15 * 60 * 1000;
/** A stream call carries at most 100 events (https://docs.stripe.com/api/v2/billing/meter-event-stream/create). */
export const MAX_EVENTS_PER_STREAM_CALL = 100;

function v2Error(
  status: number,
  type: 'invalid_request_error' | 'temporary_session_expired',
  code: string,
  message: string,
) {
  return new StripeApiError(status, { type, code, message });
}

export function meterEventStreamRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/v2/billing/meter_event_session', async () => {
    const created = ctx.nowMs();
    const session: MeterEventSession = {
      id: stripeId('mes_test', 24),
      object: 'v2.billing.meter_event_session',
      authentication_token: `ek_test_${randomBytes(24).toString('base64url')}`,
      created: new Date(created).toISOString(),
      expires_at: new Date(created + SESSION_TTL_MS).toISOString(),
      livemode: false,
    };
    ctx.store.sessions.set(session.authentication_token, session);
    return session;
  });

  app.post('/v2/billing/meter_event_stream', async (request, reply) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const session = ctx.store.sessions.get(token);
    if (!session) {
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        message:
          'The meter event stream needs a meter event session token (POST /v2/billing/meter_event_session).',
      });
    }
    if (Date.parse(session.expires_at) <= ctx.nowMs()) {
      throw v2Error(
        401,
        'temporary_session_expired',
        'billing_meter_event_session_expired',
        'The temporary session token has expired.',
      );
    }
    const body = (request.body ?? {}) as { events?: unknown };
    if (!Array.isArray(body.events) || body.events.length === 0) {
      throw v2Error(
        400,
        'invalid_request_error',
        'invalid_fields',
        'events is required and must be a non-empty array.',
      );
    }
    if (body.events.length > MAX_EVENTS_PER_STREAM_CALL) {
      throw v2Error(
        400,
        'invalid_request_error',
        'invalid_fields',
        `events supports at most ${MAX_EVENTS_PER_STREAM_CALL} events per request; got ${body.events.length}.`,
      );
    }
    // Stripe validates stream events asynchronously: the call answers 202 and an event that breaks a
    // rule (repeated identifier, timestamp window, value) is dropped and shows up as a meter error.
    // Only the shape of the call itself (session, 1..100 events) is checked synchronously.
    for (const [index, raw] of body.events.entries()) {
      const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const parsed = typeof item.timestamp === 'string' ? Date.parse(item.timestamp) : undefined;
      const identifier = typeof item.identifier === 'string' ? item.identifier : `events[${index}]`;
      if (parsed !== undefined && Number.isNaN(parsed)) {
        ctx.store.meterErrors.push({ identifier, reason: 'timestamp is not a date-time' });
        continue;
      }
      const result = validateMeterEvent(
        ctx,
        {
          event_name: typeof item.event_name === 'string' ? item.event_name : undefined,
          identifier: typeof item.identifier === 'string' ? item.identifier : undefined,
          payload:
            typeof item.payload === 'object' && item.payload !== null
              ? (item.payload as Record<string, unknown>)
              : undefined,
          timestamp: parsed === undefined ? undefined : Math.floor(parsed / 1000),
        },
        `events[${index}].`,
      );
      if (!('event' in result)) {
        ctx.store.meterErrors.push({ identifier, reason: result.message });
        continue;
      }
      storeMeterEvent(ctx, { ...result.event, via: 'v2' }, result.customer);
    }
    reply.code(202);
    return {};
  });
}
