import { type BudgetCheckCtx, checkBudget } from '../domain/budgets.js';
import type { MeteringJob } from './ingest-usage.js';

/**
 * After a batch reached the ledger: every agent in it that is now over a budget with `suspend_agent`
 * is suspended through auth. This is what stops an agent that never asks `/v1/budgets/check`;
 * the check route alone would only stop agents that cooperate. `units: 0` asks "is the agent already
 * over?", so reaching the cap exactly is not a breach, going past it is.
 */
export async function enforceBudgets(
  ctx: Omit<BudgetCheckCtx, 'now'> & { now?: () => Date },
  jobs: readonly MeteringJob[],
): Promise<number> {
  if (!ctx.suspend) return 0;
  const agents = new Map<string, { tenantId: string; agentId: string }>();
  for (const job of jobs) {
    if (job.actor.type !== 'agent') continue;
    agents.set(`${job.tenant_id}\u0000${job.actor.id}`, { tenantId: job.tenant_id, agentId: job.actor.id });
  }
  if (agents.size === 0) return 0;
  const pairs = [...agents.values()];
  // One cheap query per batch; the per-agent check runs only where a suspending budget applies.
  const { rows } = await ctx.db.query<{ tenant_id: string; agent_id: string }>(
    `SELECT DISTINCT p.tenant_id, p.agent_id
     FROM unnest($1::text[], $2::text[]) AS p(tenant_id, agent_id)
     JOIN budgets b ON b.tenant_id = p.tenant_id AND b.suspend_agent AND (b.agent_id IS NULL OR b.agent_id = p.agent_id)`,
    [pairs.map((p) => p.tenantId), pairs.map((p) => p.agentId)],
  );
  let exceeded = 0;
  for (const row of rows) {
    const verdict = await checkBudget(
      { ...ctx, now: ctx.now?.() ?? new Date() },
      { tenantId: row.tenant_id, agentId: row.agent_id, units: 0 },
    );
    if (verdict.decision === 'exceeded') exceeded += 1;
  }
  return exceeded;
}
