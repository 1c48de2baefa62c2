import { DomainError } from '@bulwark/core';
import type { Pool } from 'pg';
import type Stripe from 'stripe';
import type { StripeGateway } from '../stripe/stripe-gateway.js';
import { planOfSubscription } from './plan-of-subscription.js';

/** Stripe's default and recommended signature tolerance (https://docs.stripe.com/webhooks#verify-manually). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export class InvalidSignatureError extends DomainError {
  constructor() {
    super('bad_request', 'The Stripe-Signature header does not match the payload, or is older than 300 s.');
  }
}

/**
 * Verifies and applies one Stripe webhook. The raw body is verified with the endpoint secret and a
 * 300 s tolerance; the event id is recorded in the same transaction as its effect, so a replay has none.
 * Subscription updates apply only if the event is not older (`created`) than the one that last wrote
 * the row, so out-of-order delivery cannot roll a subscription back.
 */
export async function receiveStripeWebhook(
  ctx: { db: Pool; stripe: StripeGateway; secret: string },
  rawBody: string,
  signature: string | undefined,
): Promise<{ duplicate: boolean; type: string }> {
  let event: Stripe.Event;
  try {
    event = ctx.stripe.webhooks.constructEvent(
      rawBody,
      signature ?? '',
      ctx.secret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch {
    throw new InvalidSignatureError();
  }
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      'INSERT INTO stripe_webhook_events (id, type, created) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [event.id, event.type, event.created],
    );
    if ((inserted.rowCount ?? 0) === 0) {
      await client.query('ROLLBACK');
      return { duplicate: true, type: event.type };
    }
    if (event.type.startsWith('customer.subscription.')) {
      const sub = event.data.object as Stripe.Subscription;
      const status = event.type === 'customer.subscription.deleted' ? 'canceled' : sub.status;
      const periodEnd = (sub as unknown as { current_period_end?: number }).current_period_end;
      await client.query(
        `INSERT INTO subscriptions (stripe_subscription_id, stripe_customer_id, status, cancel_at_period_end, price_ids,
                                    current_period_end, event_created, plan, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (stripe_subscription_id) DO UPDATE SET
           status = EXCLUDED.status, cancel_at_period_end = EXCLUDED.cancel_at_period_end,
           price_ids = EXCLUDED.price_ids, current_period_end = EXCLUDED.current_period_end,
           event_created = EXCLUDED.event_created, plan = EXCLUDED.plan, updated_at = now()
         WHERE subscriptions.event_created <= EXCLUDED.event_created`,
        [
          sub.id,
          typeof sub.customer === 'string' ? sub.customer : sub.customer.id,
          status,
          sub.cancel_at_period_end,
          sub.items.data.map((item) => item.price.id),
          periodEnd ? new Date(periodEnd * 1000).toISOString() : null,
          event.created,
          planOfSubscription(sub),
        ],
      );
    }
    await client.query('COMMIT');
    return { duplicate: false, type: event.type };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
