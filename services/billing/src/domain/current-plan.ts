import type { Actor } from '@bulwark/core';
import type { Pool } from 'pg';

export interface CurrentPlan {
  plan: string | null;
  /** Whose subscription decided: the caller's end customer, the tenant, or nobody. */
  source: 'end_customer' | 'tenant' | null;
  stripe_subscription_id: string | null;
  status: string | null;
}

/** Subscriptions that still grant their plan; `past_due` keeps it during Stripe's dunning retries. */
const LIVE_STATUSES = ['active', 'trialing', 'past_due'];

/** The user the caller acts as or for: a user's own token, or a delegated agent's user. */
function userOf(actor: Actor): string | null {
  if (actor.type === 'user') return actor.id;
  if (actor.type === 'agent' && actor.onBehalfOf?.type === 'user') return actor.onBehalfOf.id;
  return null;
}

/**
 * The caller's plan, from the locally mirrored Stripe subscriptions: the end customer mapped to the
 * caller's user if it has a live subscription, else the tenant's own customer; the most recently
 * updated live subscription wins. Never calls Stripe, so flags can ask on every cache miss.
 */
export async function currentPlan(db: Pool, actor: Actor): Promise<CurrentPlan> {
  const { rows } = await db.query<{
    plan: string | null;
    end_customer: boolean;
    stripe_subscription_id: string;
    status: string;
  }>(
    `SELECT s.plan, c.subject_id IS NOT NULL AS end_customer, s.stripe_subscription_id, s.status
     FROM customers c
     JOIN subscriptions s ON s.stripe_customer_id = c.stripe_customer_id
     WHERE c.tenant_id = $1 AND (c.subject_id IS NULL OR c.subject_id = $2) AND s.status = ANY($3::text[])
     ORDER BY (c.subject_id IS NULL), s.event_created DESC, s.stripe_subscription_id
     LIMIT 1`,
    [actor.tenantId, userOf(actor), LIVE_STATUSES],
  );
  const row = rows[0];
  if (!row) return { plan: null, source: null, stripe_subscription_id: null, status: null };
  return {
    plan: row.plan,
    source: row.end_customer ? 'end_customer' : 'tenant',
    stripe_subscription_id: row.stripe_subscription_id,
    status: row.status,
  };
}
