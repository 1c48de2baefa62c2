import { NotFoundError, ValidationError, publicId } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { findPolicy, findProduct, registerEntitlements } from '../db/queries.js';
import { type PolicyRow, type PolicyView, policyView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, SCOPE_READ, audit, requireScope } from './context.js';
import { idempotent } from './idempotency.js';
import { type Page, type PageInput, decodeCursor, pageLimit, toPage } from './pagination.js';

export interface CreatePolicyInput {
  product_id: string;
  name: string;
  duration_seconds?: number | null | undefined;
  max_machines?: number | null | undefined;
  machine_mode?: 'floating' | 'node_locked' | undefined;
  heartbeat_interval_seconds?: number | null | undefined;
  dead_machine_strategy?: 'keep' | 'deactivate' | undefined;
  grace_period_seconds?: number | undefined;
  overage_machines?: number | undefined;
  entitlements?: string[] | undefined;
  offline_allowed?: boolean | undefined;
  file_ttl_seconds?: number | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export async function createPolicy(
  ctx: Ctx,
  input: CreatePolicyInput,
  idempotencyKey?: string | undefined,
): Promise<PolicyView> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  const mode = input.machine_mode ?? 'floating';
  // Node-locked means one machine per license (Keygen's meaning); floating shares a pool of seats.
  const maxMachines = mode === 'node_locked' ? 1 : (input.max_machines ?? null);
  if (
    mode === 'node_locked' &&
    input.max_machines !== undefined &&
    input.max_machines !== null &&
    input.max_machines !== 1
  ) {
    throw new ValidationError('A node_locked policy allows exactly one machine.', [
      { field: '/body/max_machines', message: 'must be 1 (or omitted) for node_locked' },
    ]);
  }
  const entitlements = [...new Set(input.entitlements ?? [])].sort();
  return withTransaction(ctx.pool, async (client) => {
    const { value } = await idempotent(
      client,
      { tenantId, key: idempotencyKey, operation: 'policy.create', request: input },
      async () => {
        if (!(await findProduct(client, tenantId, input.product_id)))
          throw new NotFoundError('Product', input.product_id);
        await registerEntitlements(client, tenantId, entitlements);
        const { rows } = await client.query<PolicyRow>(
          `INSERT INTO policies (id, tenant_id, product_id, name, duration_seconds, max_machines, machine_mode,
             heartbeat_interval_seconds, dead_machine_strategy, grace_period_seconds, overage_machines, entitlements,
             offline_allowed, file_ttl_seconds, metadata, created_at, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16) RETURNING *`,
          [
            publicId('policy', ctx.clock.nowMs()),
            tenantId,
            input.product_id,
            input.name,
            input.duration_seconds ?? null,
            maxMachines,
            mode,
            input.heartbeat_interval_seconds ?? null,
            input.dead_machine_strategy ?? 'keep',
            input.grace_period_seconds ?? 0,
            input.overage_machines ?? 0,
            entitlements,
            input.offline_allowed ?? true,
            input.file_ttl_seconds ?? 2_592_000,
            input.metadata ?? {},
            ctx.clock.now(),
          ],
        );
        const view = policyView(rows[0] as PolicyRow);
        await audit(client, ctx, {
          action: 'licensing.policy.create',
          target: { type: 'policy', id: view.id },
          tenantId,
          changes: { before: null, after: view },
        });
        return view;
      },
    );
    return value;
  });
}

export async function getPolicy(ctx: Ctx, id: string): Promise<PolicyView> {
  const reader = requireScope(ctx, SCOPE_READ);
  const row = await findPolicy(ctx.pool, reader.actor.tenantId, id);
  if (!row) throw new NotFoundError('Policy', id);
  return policyView(row);
}

export async function listPolicies(
  ctx: Ctx,
  page: PageInput & { productId?: string | undefined },
): Promise<Page<PolicyView>> {
  const reader = requireScope(ctx, SCOPE_READ);
  const limit = pageLimit(page.limit);
  const { rows } = await ctx.pool.query<PolicyRow>(
    `SELECT * FROM policies WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) AND ($3::text IS NULL OR product_id = $3)
     ORDER BY id LIMIT $4`,
    [reader.actor.tenantId, decodeCursor(page.cursor), page.productId ?? null, limit + 1],
  );
  return toPage(rows.map(policyView), limit);
}
