import { randomUUID } from 'node:crypto';
import { type StartedStripeEmulator, startStripeEmulator } from '@bulwark/stripe-emulator';
import type { Pool } from 'pg';
import { createCustomer } from '../src/domain/customers.js';
import { createMeter } from '../src/domain/meters.js';
import type { MeteringJob } from '../src/metering/ingest-usage.js';
import { createStripeGateway, type StripeGateway } from '../src/stripe/stripe-gateway.js';

export const HOUR = 3600;

export function gatewayFor(emulator: StartedStripeEmulator, timeoutMs = 2000): StripeGateway {
  return createStripeGateway({ secretKey: 'sk_test_billing_tests', host: emulator.stripeOptions, timeoutMs });
}

export async function startEmulator(options: Parameters<typeof startStripeEmulator>[0] = {}) {
  return startStripeEmulator({ port: 0, ...options });
}

export function job(tenantId: string, overrides: Partial<MeteringJob> = {}): MeteringJob {
  return {
    event_id: randomUUID(),
    tenant_id: tenantId,
    occurred_at: new Date(Date.now() - 2 * HOUR * 1000).toISOString(),
    action: 'agent.action.search',
    units: 1,
    actor: { type: 'agent', id: 'agt_search' },
    on_behalf_of: { type: 'user', id: 'usr_alice' },
    delegation_chain: [{ sub: 'agt_search' }],
    ...overrides,
  };
}

/** A tenant with a Stripe customer and a sum meter over `agent.action.*`. */
export async function seedTenant(
  db: Pool,
  stripe: StripeGateway,
  tenantId = `ten_${randomUUID().slice(0, 8)}`,
) {
  const customer = await createCustomer({ db, stripe }, { tenantId, subjectId: null, name: tenantId });
  const meter = await createMeter(
    { db, stripe },
    {
      tenantId,
      name: 'Agent actions',
      eventName: `agent_units_${tenantId}`,
      actionPatterns: ['agent.action.*'],
      aggregation: 'sum',
    },
  );
  return { tenantId, customer, meter };
}

export async function ledgerTotal(db: Pool, customerId: string): Promise<number> {
  const { rows } = await db.query<{ total: string | null }>(
    `SELECT sum(units) AS total FROM usage_events WHERE customer_id = $1 AND action LIKE 'agent.action.%'`,
    [customerId],
  );
  return Number(rows[0]?.total ?? 0);
}

export async function stripeTotal(
  stripe: StripeGateway,
  stripeMeterId: string,
  stripeCustomerId: string,
): Promise<number> {
  const end = Math.ceil(Date.now() / 1000 / HOUR) * HOUR + HOUR;
  return stripe.meterTotal({ stripeMeterId, stripeCustomerId, start: end - 30 * 24 * HOUR, end });
}
