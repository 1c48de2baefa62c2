import { invalidParam, invalidRequest, missingParam, type StripeApiError } from '../http/stripe-error.js';

/** Identifiers are unique over a rolling 24 h (https://docs.stripe.com/api/billing/meter-event/create). */
export const IDENTIFIER_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Timestamps: at most 35 calendar days in the past, 5 minutes in the future (same page). */
export const MAX_PAST_SECONDS = 35 * 24 * 60 * 60;
export const MAX_FUTURE_SECONDS = 5 * 60;
export const MAX_IDENTIFIER_LENGTH = 100;
export const MAX_EVENT_NAME_LENGTH = 100;

export function duplicateIdentifier(identifier: string): StripeApiError {
  const error = invalidRequest(
    `An event already exists with identifier ${identifier}.`,
    'identifier',
    'resource_already_exists',
  );
  // Stripe marks this as not retryable, so the SDK does not spend retries on it.
  return Object.assign(error, { shouldRetry: false });
}

export function checkTimestamp(
  timestamp: number,
  nowSeconds: number,
  param: string,
): StripeApiError | undefined {
  if (timestamp < nowSeconds - MAX_PAST_SECONDS) {
    return invalidParam(param, 'Timestamp must be within the past 35 calendar days.');
  }
  if (timestamp > nowSeconds + MAX_FUTURE_SECONDS) {
    return invalidParam(param, 'Timestamp must not be more than 5 minutes in the future.');
  }
  return undefined;
}

/** Meter values are whole numbers, sent as strings in the payload. */
export function parseWholeNumber(raw: unknown, param: string): number | StripeApiError {
  if (raw === undefined) return missingParam(param);
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d+$/.test(text.trim())) {
    return invalidParam(
      param,
      `Invalid value for ${param}: must be a whole number, got ${JSON.stringify(raw)}.`,
    );
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return invalidParam(param, `Invalid value for ${param}: too large.`);
  return value;
}

export function checkIdentifier(identifier: string, param: string): StripeApiError | undefined {
  if (identifier.length === 0 || identifier.length > MAX_IDENTIFIER_LENGTH) {
    return invalidParam(param, `${param} must be between 1 and ${MAX_IDENTIFIER_LENGTH} characters.`);
  }
  return undefined;
}
