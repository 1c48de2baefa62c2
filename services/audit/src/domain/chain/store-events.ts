import { withTransaction } from '@bulwark/db';
import type { AuditEvent } from '@bulwark/core';
import type { Pool, PoolClient } from 'pg';
import type { PartitionGuard } from '../../db/partitions.js';
import { GENESIS_HASH, chainHash } from './chain-hash.js';

export interface StoredEvent {
  event: AuditEvent;
  seq: number;
  hash: string;
}

export interface StoreResult {
  /** Events written by this call, with their place in the tenant's chain. */
  stored: StoredEvent[];
  /** Ids that were already stored (a redelivery, or a repeat inside the batch). */
  duplicates: string[];
}

/** Chain order inside one batch: occurred_at, then id (UUIDv7, time-sortable) as the tie-break. */
function chainOrder(a: AuditEvent, b: AuditEvent): number {
  const byTime = Date.parse(a.occurred_at) - Date.parse(b.occurred_at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Appends a batch of validated events to the store and extends each tenant's hash chain, in one
 * transaction. Concurrency design:
 * 1. every tenant of the batch gets its chain_heads row locked FOR UPDATE, in sorted tenant order,
 *    before anything else — so two workers touching the same tenant serialise, and two workers
 *    touching overlapping tenant sets can never wait on each other in a cycle;
 * 2. ids go into audit_event_ids with ON CONFLICT DO NOTHING; only ids that come back are new;
 * 3. new events get seq/prev_hash/hash computed from the locked head, are inserted, and the head moves.
 * A crash anywhere before COMMIT leaves nothing behind; a crash after COMMIT makes the redelivered
 * jobs duplicates, which step 2 absorbs.
 */
export async function storeEventBatch(
  pool: Pool,
  partitions: PartitionGuard,
  events: readonly AuditEvent[],
): Promise<StoreResult> {
  const unique = new Map<string, AuditEvent>();
  const duplicates: string[] = [];
  for (const event of events) {
    if (unique.has(event.id)) duplicates.push(event.id);
    else unique.set(event.id, event);
  }
  if (unique.size === 0) return { stored: [], duplicates };
  await partitions.ensureFor([...unique.values()].map((event) => event.occurred_at));

  const result = await withTransaction(pool, (client) => appendInTransaction(client, [...unique.values()]), {
    retries: 5,
  });
  return { stored: result.stored, duplicates: [...duplicates, ...result.duplicates] };
}

async function appendInTransaction(client: PoolClient, events: AuditEvent[]): Promise<StoreResult> {
  const tenants = [...new Set(events.map((event) => event.tenant_id))].sort();
  await client.query(
    `INSERT INTO chain_heads (tenant_id, seq, hash)
     SELECT t, 0, $2 FROM unnest($1::text[]) AS t ORDER BY t
     ON CONFLICT (tenant_id) DO NOTHING`,
    [tenants, GENESIS_HASH],
  );
  const heads = await client.query<{ tenant_id: string; seq: string; hash: string }>(
    'SELECT tenant_id, seq, hash FROM chain_heads WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id FOR UPDATE',
    [tenants],
  );

  const inserted = await client.query<{ id: string }>(
    `INSERT INTO audit_event_ids (id, tenant_id, occurred_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [events.map((e) => e.id), events.map((e) => e.tenant_id), events.map((e) => e.occurred_at)],
  );
  const fresh = new Set(inserted.rows.map((row) => row.id));
  const duplicates = events.filter((event) => !fresh.has(event.id)).map((event) => event.id);
  if (fresh.size === 0) return { stored: [], duplicates };

  const head = new Map(heads.rows.map((row) => [row.tenant_id, { seq: Number(row.seq), hash: row.hash }]));
  const stored: StoredEvent[] = [];
  const rows = { ids: [] as string[], tenants: [] as string[], times: [] as string[] };
  const chain = { seqs: [] as number[], prev: [] as string[], hashes: [] as string[], docs: [] as string[] };
  for (const event of events.filter((e) => fresh.has(e.id)).sort(chainOrder)) {
    const current = head.get(event.tenant_id) ?? { seq: 0, hash: GENESIS_HASH };
    const hash = chainHash(event, current.hash);
    const seq = current.seq + 1;
    rows.ids.push(event.id);
    rows.tenants.push(event.tenant_id);
    rows.times.push(event.occurred_at);
    chain.seqs.push(seq);
    chain.prev.push(current.hash);
    chain.hashes.push(hash);
    chain.docs.push(JSON.stringify(event));
    head.set(event.tenant_id, { seq, hash });
    stored.push({ event, seq, hash });
  }

  await client.query(
    `INSERT INTO audit_events (id, tenant_id, occurred_at, seq, prev_hash, hash, event)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[])`,
    [rows.ids, rows.tenants, rows.times, chain.seqs, chain.prev, chain.hashes, chain.docs],
  );
  const touched = new Set(stored.map((s) => s.event.tenant_id));
  const moved = tenants.filter((tenant) => touched.has(tenant));
  await client.query(
    `UPDATE chain_heads AS h SET seq = v.seq, hash = v.hash, updated_at = now()
     FROM unnest($1::text[], $2::bigint[], $3::text[]) AS v(tenant_id, seq, hash)
     WHERE h.tenant_id = v.tenant_id`,
    [moved, moved.map((t) => head.get(t)?.seq ?? 0), moved.map((t) => head.get(t)?.hash ?? GENESIS_HASH)],
  );
  return { stored, duplicates };
}
