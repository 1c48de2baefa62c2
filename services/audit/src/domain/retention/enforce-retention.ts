import { buildAuditEvent, type Clock, systemActor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents } from '@bulwark/queue';
import type { Pool } from 'pg';
import type { PartitionGuard } from '../../db/partitions.js';
import type { Kek } from '../checkpoints/kek.js';
import { insertSignedCheckpoint } from '../checkpoints/sign-checkpoint.js';
import { activeSigner } from '../checkpoints/signing-key.js';

export interface RetentionOptions {
  clock: Clock;
  /** Retention of tenants without a row in `retention`. */
  defaultDays: number;
}

export interface RetentionResult {
  dropped: { partition: string; tenants: number }[];
}

const DAY_MS = 86_400_000;

/**
 * Drops whole monthly partitions that every tenant's retention has passed. Partitions are shared by
 * all tenants, so a month goes only when the LONGEST retention in force (explicit rows or the
 * default) is past its end; shorter retentions are honoured at that granularity (see README).
 *
 * In one transaction per partition: a signed `retention` checkpoint of each tenant's last event in
 * it (the anchor verify starts from afterwards), the id registry rows, DETACH + DROP, and one
 * `audit.partition.drop` event per affected tenant written to the outbox, so the drop is audited
 * exactly when it happens.
 */
export async function enforceRetention(
  pool: Pool,
  partitions: PartitionGuard,
  kek: Kek,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const longest = await pool.query<{ days: number | null }>('SELECT max(days) AS days FROM retention');
  const days = Math.max(options.defaultDays, longest.rows[0]?.days ?? 0);
  const cutoff = options.clock.nowMs() - days * DAY_MS;
  const children = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_events'::regclass ORDER BY c.relname`,
  );
  const signer = await activeSigner(pool, kek);
  const result: RetentionResult = { dropped: [] };
  for (const { name } of children.rows) {
    const match = /^audit_events_(\d{4})_(\d{2})$/.exec(name);
    if (!match) continue;
    const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
    const end = Date.UTC(Number(match[1]), Number(match[2]), 1);
    if (end > cutoff) continue;
    const tenants = await withTransaction(pool, async (client) => {
      const lasts = await client.query<{ tenant_id: string; seq: string; hash: string; n: string }>(
        `SELECT DISTINCT ON (tenant_id) tenant_id, seq, hash, count(*) OVER (PARTITION BY tenant_id) AS n
         FROM ${name} ORDER BY tenant_id, seq DESC`,
      );
      const createdAt = new Date(options.clock.nowMs()).toISOString();
      for (const last of lasts.rows) {
        await insertSignedCheckpoint(client, signer, {
          tenant_id: last.tenant_id,
          seq: Number(last.seq),
          hash: last.hash,
          kind: 'retention',
          created_at: createdAt,
        });
      }
      await client.query('DELETE FROM audit_event_ids WHERE occurred_at >= $1 AND occurred_at < $2', [
        new Date(start),
        new Date(end),
      ]);
      await client.query(`ALTER TABLE audit_events DETACH PARTITION ${name}`);
      await client.query(`DROP TABLE ${name}`);
      await emitAuditEvents(
        client,
        lasts.rows.map((last) =>
          buildAuditEvent({
            actor: systemActor(last.tenant_id, 'audit-retention'),
            action: 'audit.partition.drop',
            target: { type: 'audit_partition', id: name },
            clock: options.clock,
            metadata: { events_dropped: Number(last.n), last_seq: Number(last.seq), retention_days: days },
          }),
        ),
      );
      return lasts.rows.length;
    });
    result.dropped.push({ partition: name, tenants });
  }
  if (result.dropped.length > 0) partitions.forget();
  return result;
}
