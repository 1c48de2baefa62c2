import { ConflictError, publicId } from '@bulwark/core';
import type { Pool } from 'pg';
import type { StripeGateway } from '../stripe/stripe-gateway.js';

export interface Customer {
  id: string;
  tenant_id: string;
  subject_id: string | null;
  stripe_customer_id: string;
  name: string | null;
  created_at: string;
}

/**
 * Maps a tenant (subject null) or a tenant's end customer to a Stripe customer, created in Stripe first.
 * Unique per (tenant, subject); a second create is a conflict (the Stripe customer it made is orphaned
 * and harmless: it has no usage).
 */
export async function createCustomer(
  ctx: { db: Pool; stripe: StripeGateway },
  input: {
    tenantId: string;
    subjectId: string | null;
    name: string | null;
    stripeCustomerId?: string | undefined;
  },
): Promise<Customer> {
  const existing = await ctx.db.query(
    `SELECT 1 FROM customers WHERE tenant_id = $1 AND COALESCE(subject_id, '') = COALESCE($2, '')`,
    [input.tenantId, input.subjectId],
  );
  if ((existing.rowCount ?? 0) > 0)
    throw new ConflictError('This tenant/subject already has a billing customer.');
  const id = publicId('customer');
  const stripeCustomerId =
    input.stripeCustomerId ??
    (
      await ctx.stripe.createCustomer({
        name: input.name ?? undefined,
        metadata: {
          bulwark_customer_id: id,
          tenant_id: input.tenantId,
          ...(input.subjectId ? { subject_id: input.subjectId } : {}),
        },
      })
    ).id;
  const { rows } = await ctx.db.query<Customer>(
    `INSERT INTO customers (id, tenant_id, subject_id, stripe_customer_id, name) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING
     RETURNING id, tenant_id, subject_id, stripe_customer_id, name, created_at`,
    [id, input.tenantId, input.subjectId, stripeCustomerId, input.name],
  );
  const row = rows[0];
  if (!row) throw new ConflictError('This tenant/subject already has a billing customer.');
  return { ...row, created_at: new Date(row.created_at).toISOString() };
}
