import type { JobPayload } from '@bulwark/queue';
import type { Pool, PoolClient } from 'pg';

export type MeteringJob = JobPayload<'metering'>;

/** The user an action was done for: the delegating user, else the acting user. */
function userOf(job: MeteringJob): string | null {
  if (job.on_behalf_of?.type === 'user') return job.on_behalf_of.id;
  return job.actor.type === 'user' ? job.actor.id : null;
}

/**
 * Writes metering jobs to the usage ledger in one statement. The event id is the primary key and
 * conflicts are ignored, so a job delivered twice (queue retry, relay replay, duplicate forward) is
 * counted once. The customer is resolved at ingest: the tenant's end-customer for the user, else the
 * tenant's own customer, else none (kept for usage reports, never billed). Returns rows inserted.
 */
export async function ingestUsage(db: Pool | PoolClient, jobs: readonly MeteringJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  // Customers are resolved with two hash joins over the batch instead of two correlated subqueries
  // per row: one scan of `customers` per batch, whatever the batch size.
  const result = await db.query(
    `INSERT INTO usage_events (event_id, tenant_id, customer_id, occurred_at, action, units, actor_type, actor_id, user_id)
     SELECT e.event_id, e.tenant_id, COALESCE(subject.id, tenant.id),
            e.occurred_at, e.action, e.units, e.actor_type, e.actor_id, e.user_id
     FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
          AS e(event_id, tenant_id, occurred_at, action, units, actor_type, actor_id, user_id)
     LEFT JOIN customers subject ON subject.tenant_id = e.tenant_id AND subject.subject_id = e.user_id
     LEFT JOIN customers tenant ON tenant.tenant_id = e.tenant_id AND tenant.subject_id IS NULL
     ON CONFLICT (event_id) DO NOTHING`,
    [
      jobs.map((job) => job.event_id),
      jobs.map((job) => job.tenant_id),
      jobs.map((job) => job.occurred_at),
      jobs.map((job) => job.action),
      jobs.map((job) => job.units),
      jobs.map((job) => job.actor.type),
      jobs.map((job) => job.actor.id),
      jobs.map(userOf),
    ],
  );
  return result.rowCount ?? 0;
}
