import { buildAuditEvent } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import type { Pool } from 'pg';
import { assertScope } from '../assert-scope.js';
import type { WriteContext } from '../write-context.js';

export const RETENTION_MIN_DAYS = 1;
/** 100 years; the table's CHECK says the same. */
export const RETENTION_MAX_DAYS = 36_500;

export interface RetentionSetting {
  tenant_id: string;
  days: number;
  /** `tenant` when the tenant set it, `default` when AUDIT_RETENTION_DEFAULT_DAYS applies. */
  source: 'tenant' | 'default';
  default_days: number;
  updated_at: string | null;
}

async function read(
  db: Pick<Pool, 'query'>,
  tenantId: string,
  forUpdate = false,
): Promise<{ days: number; updated_at: Date } | undefined> {
  const result = await db.query<{ days: number; updated_at: Date }>(
    `SELECT days, updated_at FROM retention WHERE tenant_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId],
  );
  return result.rows[0];
}

function setting(tenantId: string, defaultDays: number, row: { days: number; updated_at: Date } | undefined) {
  return {
    tenant_id: tenantId,
    days: row?.days ?? defaultDays,
    source: row ? 'tenant' : 'default',
    default_days: defaultDays,
    updated_at: row ? row.updated_at.toISOString() : null,
  } satisfies RetentionSetting;
}

export async function getRetention(
  pool: Pool,
  tenantId: string,
  defaultDays: number,
): Promise<RetentionSetting> {
  return setting(tenantId, defaultDays, await read(pool, tenantId));
}

/**
 * Sets the tenant's retention in days, audited (`audit.retention.update`, before/after) in the same
 * transaction. Enforcement drops whole monthly partitions shared by all tenants (see README), so a
 * shorter retention takes effect at month granularity and only once no tenant needs the month.
 */
export async function setRetention(
  ctx: WriteContext,
  days: number,
  defaultDays: number,
): Promise<RetentionSetting> {
  assertScope(ctx.actor, 'audit:admin');
  const tenantId = ctx.actor.tenantId;
  return withTransaction(ctx.pool, async (client) => {
    const before = setting(tenantId, defaultDays, await read(client, tenantId, true));
    const updated = await client.query<{ days: number; updated_at: Date }>(
      `INSERT INTO retention (tenant_id, days) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET days = EXCLUDED.days, updated_at = now()
       RETURNING days, updated_at`,
      [tenantId, days],
    );
    const after = setting(tenantId, defaultDays, updated.rows[0]);
    await emitAuditEvent(
      client,
      buildAuditEvent({
        actor: ctx.actor,
        action: 'audit.retention.update',
        target: { type: 'audit_retention', id: tenantId },
        requestId: ctx.requestId,
        source: ctx.source,
        clock: ctx.clock,
        changes: {
          before: { days: before.days, source: before.source },
          after: { days: after.days, source: after.source },
        },
      }),
    );
    return after;
  });
}
