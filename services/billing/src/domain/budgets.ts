import {
  type Actor,
  buildAuditEvent,
  ConflictError,
  NotFoundError,
  publicId,
  systemActor,
} from '@bulwark/core';
import { emitAuditEvent } from '@bulwark/queue';
import type { Pool } from 'pg';

export interface Budget {
  id: string;
  tenant_id: string;
  agent_id: string | null;
  limit_units: number;
  period: 'day' | 'month';
  suspend_agent: boolean;
}

export interface BudgetCheck {
  decision: 'allowed' | 'exceeded';
  budget_id: string | null;
  used_units: number;
  limit_units: number | null;
  remaining_units: number | null;
  period_start: string | null;
}

/** Called when a budget with `suspend_agent` is crossed; wired to the auth API in production. */
export type SuspendAgent = (tenantId: string, agentId: string) => Promise<void>;

export interface BudgetCheckCtx {
  db: Pool;
  now: Date;
  suspend?: SuspendAgent | undefined;
  /** A failed suspension never fails the check (it still answers `exceeded`); it is reported here and retried. */
  onSuspendError?: ((error: unknown, target: { tenantId: string; agentId: string }) => void) | undefined;
}

const COLUMNS = 'id, tenant_id, agent_id, limit_units::float8 AS limit_units, period, suspend_agent';

export function periodStart(period: 'day' | 'month', now: Date): Date {
  return period === 'day'
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export async function createBudget(
  ctx: { db: Pool; actor: Actor },
  input: { agentId: string | null; limitUnits: number; period: 'day' | 'month'; suspendAgent: boolean },
): Promise<Budget> {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<Budget>(
      `INSERT INTO budgets (id, tenant_id, agent_id, limit_units, period, suspend_agent)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [
        publicId('budget'),
        ctx.actor.tenantId,
        input.agentId,
        input.limitUnits,
        input.period,
        input.suspendAgent,
      ],
    );
    const budget = rows[0];
    if (!budget) throw new ConflictError('A budget for this agent (or tenant) and period already exists.');
    await emitAuditEvent(
      client,
      buildAuditEvent({
        actor: ctx.actor,
        action: 'billing.budget.create',
        target: { type: 'budget', id: budget.id },
        changes: { before: null, after: budget },
      }),
    );
    await client.query('COMMIT');
    return budget;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function listBudgets(db: Pool, tenantId: string): Promise<Budget[]> {
  const { rows } = await db.query<Budget>(`SELECT ${COLUMNS} FROM budgets WHERE tenant_id = $1 ORDER BY id`, [
    tenantId,
  ]);
  return rows;
}

export async function deleteBudget(ctx: { db: Pool; actor: Actor }, id: string): Promise<void> {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<Budget>(
      `DELETE FROM budgets WHERE id = $1 AND tenant_id = $2 RETURNING ${COLUMNS}`,
      [id, ctx.actor.tenantId],
    );
    if (!rows[0]) throw new NotFoundError('budget', id);
    await emitAuditEvent(
      client,
      buildAuditEvent({
        actor: ctx.actor,
        action: 'billing.budget.delete',
        target: { type: 'budget', id },
        changes: { before: rows[0], after: null },
      }),
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * May this agent spend `units` more? The tightest applicable budget (the agent's own, else the
 * tenant's) decides from the ledger. The first time a period's cap is crossed, a
 * `billing.budget.exceeded` event is written (once per budget and period) and, if the budget says
 * so, the agent is suspended through `suspend`.
 */
export async function checkBudget(
  ctx: BudgetCheckCtx,
  input: { tenantId: string; agentId: string; units: number },
): Promise<BudgetCheck> {
  const { rows } = await ctx.db.query<Budget>(
    `SELECT ${COLUMNS} FROM budgets WHERE tenant_id = $1 AND (agent_id = $2 OR agent_id IS NULL)
     ORDER BY agent_id NULLS LAST`,
    [input.tenantId, input.agentId],
  );
  let verdict: BudgetCheck = {
    decision: 'allowed',
    budget_id: null,
    used_units: 0,
    limit_units: null,
    remaining_units: null,
    period_start: null,
  };
  for (const budget of rows) {
    const start = periodStart(budget.period, ctx.now);
    const used = await ctx.db.query<{ used: string | null }>(
      `SELECT sum(units) AS used FROM usage_events
       WHERE tenant_id = $1 AND occurred_at >= $2 AND ($3::text IS NULL OR actor_id = $3)`,
      [input.tenantId, start.toISOString(), budget.agent_id],
    );
    const usedUnits = Number(used.rows[0]?.used ?? 0);
    const exceeded = usedUnits + input.units > budget.limit_units;
    const current: BudgetCheck = {
      decision: exceeded ? 'exceeded' : 'allowed',
      budget_id: budget.id,
      used_units: usedUnits,
      limit_units: budget.limit_units,
      remaining_units: Math.max(0, budget.limit_units - usedUnits),
      period_start: start.toISOString(),
    };
    if (exceeded) {
      await recordBreach(ctx, budget, start, usedUnits, input.agentId);
      if (budget.suspend_agent && ctx.suspend) await suspendOnce(ctx, budget, start, input.agentId);
      return current;
    }
    if (verdict.budget_id === null) verdict = current;
  }
  return verdict;
}

async function recordBreach(
  ctx: { db: Pool },
  budget: Budget,
  start: Date,
  usedUnits: number,
  agentId: string,
): Promise<void> {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO budget_breaches (budget_id, period_start, used_units) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [budget.id, start.toISOString(), usedUnits],
    );
    if ((inserted.rowCount ?? 0) > 0) {
      await emitAuditEvent(
        client,
        buildAuditEvent({
          actor: systemActor(budget.tenant_id, 'billing'),
          action: 'billing.budget.exceeded',
          target: { type: 'agent', id: agentId },
          metadata: {
            budget_id: budget.id,
            limit_units: budget.limit_units,
            used_units: usedUnits,
            period_start: start.toISOString(),
            suspend_agent: budget.suspend_agent,
          },
        }),
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Suspends the agent through auth (which audits it) until auth has confirmed it once for this
 * budget, period and agent. A failure is recorded and reported, and the next exceeded check or
 * ledger ingest tries again: a kill switch that silently failed once must not stay off.
 */
async function suspendOnce(ctx: BudgetCheckCtx, budget: Budget, start: Date, agentId: string): Promise<void> {
  const key = [budget.id, start.toISOString(), agentId];
  await ctx.db.query(
    `INSERT INTO budget_suspensions (budget_id, period_start, agent_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    key,
  );
  const { rows } = await ctx.db.query<{ suspended_at: Date | null }>(
    'SELECT suspended_at FROM budget_suspensions WHERE budget_id = $1 AND period_start = $2 AND agent_id = $3',
    key,
  );
  if (rows[0]?.suspended_at) return;
  try {
    await ctx.suspend?.(budget.tenant_id, agentId);
    await ctx.db.query(
      `UPDATE budget_suspensions SET suspended_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE budget_id = $1 AND period_start = $2 AND agent_id = $3`,
      key,
    );
  } catch (error) {
    await ctx.db.query(
      `UPDATE budget_suspensions SET attempts = attempts + 1, last_error = $4
       WHERE budget_id = $1 AND period_start = $2 AND agent_id = $3`,
      [...key, (error instanceof Error ? error.message : String(error)).slice(0, 500)],
    );
    ctx.onSuspendError?.(error, { tenantId: budget.tenant_id, agentId });
  }
}
