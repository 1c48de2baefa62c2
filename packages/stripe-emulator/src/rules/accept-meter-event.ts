import { type EmulatorContext, nowSeconds } from '../context.js';
import { invalidParam, missingParam, type StripeApiError } from '../http/stripe-error.js';
import type { StoredMeterEvent } from '../state/objects.js';
import { stripeId } from '../state/ids.js';
import {
  checkIdentifier,
  checkTimestamp,
  duplicateIdentifier,
  IDENTIFIER_WINDOW_MS,
  MAX_EVENT_NAME_LENGTH,
  parseWholeNumber,
} from './meter-event-rules.js';

export interface MeterEventInput {
  event_name: string | undefined;
  identifier: string | undefined;
  payload: Record<string, unknown> | undefined;
  timestamp: number | undefined;
}

/**
 * Validates one meter event against Stripe's synchronous rules and stores it. `param` prefixes error
 * params (`events[3].` for a stream batch). Returns the stored event or the error to answer with.
 */
export function validateMeterEvent(
  ctx: EmulatorContext,
  input: MeterEventInput,
  param = '',
): { event: StoredMeterEvent; customer: string } | StripeApiError {
  if (!input.event_name) return missingParam(`${param}event_name`);
  if (input.event_name.length > MAX_EVENT_NAME_LENGTH) {
    return invalidParam(`${param}event_name`, 'event_name must be at most 100 characters.');
  }
  if (!input.payload) return missingParam(`${param}payload`);
  const meter = ctx.store.activeMeterByEventName(input.event_name);
  const customerKey = meter?.customer_mapping.event_payload_key ?? 'stripe_customer_id';
  const valueKey = meter?.value_settings.event_payload_key ?? 'value';
  const customer = input.payload[customerKey];
  if (typeof customer !== 'string' || customer === '') return missingParam(`${param}payload[${customerKey}]`);
  const value = parseWholeNumber(input.payload[valueKey], `${param}payload[${valueKey}]`);
  if (typeof value !== 'number') return value;

  const now = nowSeconds(ctx);
  const timestamp = input.timestamp ?? now;
  const timestampError = checkTimestamp(timestamp, now, `${param}timestamp`);
  if (timestampError) return timestampError;

  const identifier = input.identifier ?? stripeId('mev', 20);
  const identifierError = checkIdentifier(identifier, `${param}identifier`);
  if (identifierError) return identifierError;
  const seenAt = ctx.store.identifiers.get(identifier);
  if (seenAt !== undefined && ctx.nowMs() - seenAt < IDENTIFIER_WINDOW_MS)
    return duplicateIdentifier(identifier);

  const payload: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input.payload)) payload[key] = String(raw);
  const event: StoredMeterEvent = {
    object: 'billing.meter_event',
    created: now,
    event_name: input.event_name,
    identifier,
    livemode: false,
    payload,
    timestamp,
    received_at_ms: ctx.nowMs(),
    via: 'v1',
  };
  return { event, customer };
}

/** Commits a validated event; unknown meters or customers become error reports, as Stripe does async. */
export function storeMeterEvent(ctx: EmulatorContext, event: StoredMeterEvent, customer: string): void {
  ctx.store.identifiers.set(event.identifier, event.received_at_ms);
  ctx.store.meterEvents.push(event);
  if (!ctx.store.activeMeterByEventName(event.event_name)) {
    ctx.store.meterErrors.push({ identifier: event.identifier, reason: 'meter_event_no_meter' });
  } else if (!ctx.store.customers.has(customer)) {
    ctx.store.meterErrors.push({ identifier: event.identifier, reason: 'meter_event_customer_not_found' });
  }
}
