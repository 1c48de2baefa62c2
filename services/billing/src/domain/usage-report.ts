import { ValidationError } from '@bulwark/core';
import type { Pool } from 'pg';

export type UsageGroupBy = 'agent' | 'user' | 'action' | 'day';

const GROUP_EXPRESSION: Record<UsageGroupBy, string> = {
  agent: `actor_id`,
  user: `COALESCE(user_id, '')`,
  action: `action`,
  day: `to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
};

export interface UsageRow {
  key: string;
  units: number;
  events: number;
}

/** Units and event counts of one tenant over [from, to), grouped by agent, user, action or UTC day. */
export async function usageReport(
  db: Pool,
  input: { tenantId: string; groupBy: UsageGroupBy; from: Date; to: Date },
): Promise<UsageRow[]> {
  if (!(input.from < input.to)) {
    throw new ValidationError('`from` must be before `to`.', [
      { field: '/query/from', message: 'must be before to' },
    ]);
  }
  const key = GROUP_EXPRESSION[input.groupBy];
  const { rows } = await db.query<{ key: string; units: string; events: string }>(
    `SELECT ${key} AS key, sum(units) AS units, count(*) AS events
     FROM usage_events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
     GROUP BY 1 ORDER BY 1 LIMIT 10000`,
    [input.tenantId, input.from.toISOString(), input.to.toISOString()],
  );
  return rows.map((row) => ({ key: row.key, units: Number(row.units), events: Number(row.events) }));
}
