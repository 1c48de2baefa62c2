import { ConflictError, publicId, ValidationError } from '@bulwark/core';
import type { Pool } from 'pg';
import type { StripeGateway } from '../stripe/stripe-gateway.js';

export interface Meter {
  id: string;
  tenant_id: string;
  name: string;
  event_name: string;
  action_patterns: string[];
  aggregation: 'sum' | 'count';
  stripe_meter_id: string | null;
}

const PATTERN = /^[a-z0-9_*]+(\.[a-z0-9_*]+)*$/;
const EVENT_NAME = /^[a-zA-Z0-9_.-]{1,100}$/;

/**
 * A meter turns audit actions matching any of its glob patterns (`agent.action.*`) into a Stripe
 * meter `event_name`; `sum` adds the events' units, `count` counts events. The Stripe meter is created
 * unless an existing one is named.
 */
export async function createMeter(
  ctx: { db: Pool; stripe: StripeGateway },
  input: {
    tenantId: string;
    name: string;
    eventName: string;
    actionPatterns: string[];
    aggregation: 'sum' | 'count';
    stripeMeterId?: string | undefined;
  },
): Promise<Meter> {
  const bad = input.actionPatterns.filter((pattern) => !PATTERN.test(pattern));
  if (input.actionPatterns.length === 0 || bad.length > 0) {
    throw new ValidationError('Action patterns are dotted lower-case names with optional `*` wildcards.', [
      { field: '/body/action_patterns', message: `invalid: ${bad.join(', ') || '(empty)'}` },
    ]);
  }
  if (!EVENT_NAME.test(input.eventName)) {
    throw new ValidationError('event_name must be 1-100 letters, digits, `_`, `.` or `-`.', [
      { field: '/body/event_name', message: 'invalid' },
    ]);
  }
  const clash = await ctx.db.query('SELECT 1 FROM meters WHERE tenant_id = $1 AND event_name = $2', [
    input.tenantId,
    input.eventName,
  ]);
  if ((clash.rowCount ?? 0) > 0) throw new ConflictError(`A meter for event_name ${input.eventName} exists.`);
  const stripeMeterId =
    input.stripeMeterId ??
    (
      await ctx.stripe.createMeter({
        displayName: input.name,
        eventName: input.eventName,
        formula: input.aggregation,
      })
    ).id;
  const { rows } = await ctx.db.query<Meter>(
    `INSERT INTO meters (id, tenant_id, name, event_name, action_patterns, aggregation, stripe_meter_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id, tenant_id, name, event_name, action_patterns, aggregation, stripe_meter_id`,
    [
      publicId('meter'),
      input.tenantId,
      input.name,
      input.eventName,
      input.actionPatterns,
      input.aggregation,
      stripeMeterId,
    ],
  );
  return rows[0] as Meter;
}
