import { ConflictError, NotFoundError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { registerEntitlements } from '../db/queries.js';
import { type PolicyRow, type PolicyView, policyView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, audit, requireScope } from './context.js';

/** Everything but product and machine mode, which define what the policy is (make a new one instead). */
export interface UpdatePolicyInput {
  name?: string | undefined;
  duration_seconds?: number | null | undefined;
  max_machines?: number | null | undefined;
  heartbeat_interval_seconds?: number | null | undefined;
  dead_machine_strategy?: 'keep' | 'deactivate' | undefined;
  grace_period_seconds?: number | undefined;
  overage_machines?: number | undefined;
  entitlements?: string[] | undefined;
  offline_allowed?: boolean | undefined;
  file_ttl_seconds?: number | undefined;
  metadata?: Record<string, unknown> | undefined;
}

const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);

/**
 * Changes a policy. Keys already issued are signed snapshots and are not re-signed: their embedded
 * `entitlements`, `max_machines` and `exp` stay as issued. Online validation, activation and newly
 * checked-out files use the policy as it is now (README, "Policy changes and signed keys").
 */
export async function updatePolicy(ctx: Ctx, id: string, input: UpdatePolicyInput): Promise<PolicyView> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const { rows: found } = await client.query<PolicyRow>(
      'SELECT * FROM policies WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    const row = found[0];
    if (!row) throw new NotFoundError('Policy', id);
    const maxMachines = pick(input.max_machines, row.max_machines);
    if (row.machine_mode === 'node_locked' && maxMachines !== 1) {
      throw new ValidationError('A node_locked policy allows exactly one machine.', [
        { field: '/body/max_machines', message: 'must be 1 for node_locked' },
      ]);
    }
    const entitlements =
      input.entitlements === undefined ? row.entitlements : [...new Set(input.entitlements)].sort();
    await registerEntitlements(client, tenantId, entitlements);
    const { rows } = await client.query<PolicyRow>(
      `UPDATE policies SET name = $2, duration_seconds = $3, max_machines = $4, heartbeat_interval_seconds = $5,
         dead_machine_strategy = $6, grace_period_seconds = $7, overage_machines = $8, entitlements = $9,
         offline_allowed = $10, file_ttl_seconds = $11, metadata = $12, updated_at = $13
       WHERE id = $1 RETURNING *`,
      [
        id,
        pick(input.name, row.name),
        pick(input.duration_seconds, row.duration_seconds),
        maxMachines,
        pick(input.heartbeat_interval_seconds, row.heartbeat_interval_seconds),
        pick(input.dead_machine_strategy, row.dead_machine_strategy),
        pick(input.grace_period_seconds, row.grace_period_seconds),
        pick(input.overage_machines, row.overage_machines),
        entitlements,
        pick(input.offline_allowed, row.offline_allowed),
        pick(input.file_ttl_seconds, row.file_ttl_seconds),
        pick(input.metadata, row.metadata),
        ctx.clock.now(),
      ],
    );
    const view = policyView(rows[0] as PolicyRow);
    await audit(client, ctx, {
      action: 'licensing.policy.update',
      target: { type: 'policy', id },
      tenantId,
      changes: { before: policyView(row), after: view },
    });
    return view;
  });
}

/** Only an unused policy can go: licenses keep pointing at the policy they were issued under. */
export async function deletePolicy(ctx: Ctx, id: string): Promise<void> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  await withTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<PolicyRow>(
      'SELECT * FROM policies WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('Policy', id);
    const used = await client.query('SELECT 1 FROM licenses WHERE policy_id = $1 LIMIT 1', [id]);
    if (used.rowCount !== 0) {
      throw new ConflictError('Licenses were issued under this policy; delete or re-issue them first.');
    }
    await client.query('DELETE FROM policies WHERE id = $1', [id]);
    await audit(client, ctx, {
      action: 'licensing.policy.delete',
      target: { type: 'policy', id },
      tenantId,
      changes: { before: policyView(row), after: null },
    });
  });
}
