import Stripe from 'stripe';

/**
 * What the sync job does with a failed Stripe call:
 * - `delivered`: Stripe already holds this identifier (400 "An event already exists with identifier …").
 *   The identifier is derived from the usage it carries, so that is proof of delivery.
 * - `rate_limited`: 429 rate_limit — stop sending for a while.
 * - `retry`: 429 lock_timeout, 5xx, timeouts and connection errors — back off and resend, same identifier.
 * - `rejected`: any other 4xx — retrying cannot help; keep the batch visible as failed.
 */
export type StripeFailure = 'delivered' | 'rate_limited' | 'retry' | 'rejected';

const DUPLICATE_MESSAGE = /already exists with identifier/i;

export function classifyStripeError(error: unknown): StripeFailure {
  if (!(error instanceof Stripe.errors.StripeError)) return 'retry';
  const status = error.statusCode;
  if (error instanceof Stripe.errors.TemporarySessionExpiredError) return 'retry';
  if (status === 400 && (error.code === 'resource_already_exists' || DUPLICATE_MESSAGE.test(error.message))) {
    return error.param === 'identifier' || DUPLICATE_MESSAGE.test(error.message) ? 'delivered' : 'rejected';
  }
  if (status === 429) return error.code === 'lock_timeout' ? 'retry' : 'rate_limited';
  if (status === undefined || status >= 500) return 'retry';
  if (status === 409) return 'retry';
  return 'rejected';
}
