import type { Pool } from 'pg';
import type { AuditEvent } from '../../packages/core/src/index.js';

/**
 * The audit benchmarks' peer: a table defined like audit_events (`LIKE … INCLUDING ALL`: the generated
 * filter columns and every query index, one partition) and a writer that stores rows into it by one
 * plain multi-row INSERT per chunk — no queue, no id registry, no chain lock. Creates the table and
 * returns the writer.
 */
export async function createSameTablePeer(
  pool: Pool,
): Promise<(chunk: readonly AuditEvent[]) => Promise<void>> {
  await pool.query(
    'CREATE TABLE bench_same_events (LIKE audit_events INCLUDING ALL) PARTITION BY RANGE (occurred_at)',
  );
  await pool.query(
    `CREATE TABLE bench_same_events_now PARTITION OF bench_same_events
     FOR VALUES FROM (date_trunc('month', now())) TO (date_trunc('month', now()) + interval '2 months')`,
  );
  let seq = 0;
  const hash = 'f'.repeat(64);
  return async (chunk) => {
    await pool.query(
      `INSERT INTO bench_same_events (id, tenant_id, occurred_at, seq, prev_hash, hash, event)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[])`,
      [
        chunk.map((e) => e.id),
        chunk.map((e) => e.tenant_id),
        chunk.map((e) => e.occurred_at),
        chunk.map(() => ++seq),
        chunk.map(() => hash),
        chunk.map(() => hash),
        chunk.map((e) => JSON.stringify(e)),
      ],
    );
  };
}
