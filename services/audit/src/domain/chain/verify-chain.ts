import { verify as verifySignature } from 'node:crypto';
import type { Pool } from 'pg';
import { checkpointStatement } from '../checkpoints/checkpoint-statement.js';
import { publicKeys } from '../checkpoints/signing-key.js';
import { GENESIS_HASH, chainHash } from './chain-hash.js';

export interface BrokenLink {
  seq: number;
  /** The stored row at that position, or null when the row is missing. */
  event_id: string | null;
  reason: string;
}

export interface VerifyReport {
  tenant_id: string;
  ok: boolean;
  from_seq: number | null;
  to_seq: number | null;
  events_checked: number;
  checkpoints_checked: number;
  /** True when the walk started at seq 1, so the whole prefix is proven back to genesis. */
  anchored: boolean;
  head: { seq: number; hash: string } | null;
  first_broken: BrokenLink | null;
}

interface Row {
  id: string;
  tenant_id: string;
  occurred_at: Date;
  seq: string;
  prev_hash: string;
  hash: string;
  event: { id?: unknown; tenant_id?: unknown; occurred_at?: unknown };
}

interface Checkpoint {
  seq: string;
  hash: string;
  kind: 'periodic' | 'retention';
  signature: string;
  kid: string;
  created_at: Date;
}

const PAGE = 2000;

/**
 * Recomputes a tenant's chain over the events whose occurred_at falls in [from, to] (widened to the
 * contiguous seq range they span), checks each signed checkpoint in that range, and reports the first
 * broken link: an edited row (hash mismatch), a rewritten row (next row's prev_hash mismatch), a
 * deleted row (seq gap, or a checkpoint/head beyond the last row), or a bad checkpoint signature.
 */
export async function verifyChain(
  pool: Pool,
  tenantId: string,
  range: { from?: Date | undefined; to?: Date | undefined } = {},
): Promise<VerifyReport> {
  const headRow = await pool.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM chain_heads WHERE tenant_id = $1',
    [tenantId],
  );
  const head = headRow.rows[0] ? { seq: Number(headRow.rows[0].seq), hash: headRow.rows[0].hash } : null;
  const bounds = await pool.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(seq) AS lo, max(seq) AS hi FROM audit_events
     WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at <= $3)`,
    [tenantId, range.from ?? null, range.to ?? null],
  );
  const report: VerifyReport = {
    tenant_id: tenantId,
    ok: true,
    from_seq: null,
    to_seq: null,
    events_checked: 0,
    checkpoints_checked: 0,
    anchored: false,
    head,
    first_broken: null,
  };
  const lo =
    bounds.rows[0]?.lo === null || bounds.rows[0]?.lo === undefined ? null : Number(bounds.rows[0].lo);
  const openEnded = range.to === undefined;
  let hi = bounds.rows[0]?.hi === null || bounds.rows[0]?.hi === undefined ? null : Number(bounds.rows[0].hi);
  // Without an upper bound the walk must reach the recorded head, so deleting the newest rows shows.
  if (openEnded && head && head.seq > 0) hi = Math.max(hi ?? 0, head.seq);
  if (lo === null && hi === null) return report;
  const fromSeq = range.from === undefined ? await firstRetainedSeq(pool, tenantId, lo) : (lo ?? 1);
  const toSeq = hi ?? fromSeq;
  report.from_seq = fromSeq;
  report.to_seq = toSeq;

  const fail = (seq: number, eventId: string | null, reason: string): VerifyReport => {
    report.ok = false;
    report.first_broken = { seq, event_id: eventId, reason };
    return report;
  };

  const checkpoints = await pool.query<Checkpoint>(
    `SELECT seq, hash, kind, signature, kid, created_at FROM checkpoints
     WHERE tenant_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq, id`,
    [tenantId, Math.max(0, fromSeq - 1), toSeq],
  );
  const keys = await publicKeys(pool);
  const pendingCheckpoints = new Map<number, Checkpoint[]>();
  for (const checkpoint of checkpoints.rows) {
    const seq = Number(checkpoint.seq);
    const key = keys.get(checkpoint.kid);
    const statement = checkpointStatement({
      tenant_id: tenantId,
      seq,
      hash: checkpoint.hash,
      kind: checkpoint.kind,
      created_at: checkpoint.created_at.toISOString(),
    });
    if (!key || !verifySignature(null, statement, key, Buffer.from(checkpoint.signature, 'base64url'))) {
      return fail(seq, null, `checkpoint at seq ${seq} has an invalid signature (kid ${checkpoint.kid})`);
    }
    report.checkpoints_checked += 1;
    pendingCheckpoints.set(seq, [...(pendingCheckpoints.get(seq) ?? []), checkpoint]);
  }

  // The hash the first row must link to: genesis, the stored predecessor, or a retention anchor.
  let expectedPrev: string | null = null;
  if (fromSeq === 1) {
    expectedPrev = GENESIS_HASH;
    report.anchored = true;
  } else {
    const anchor = pendingCheckpoints.get(fromSeq - 1)?.[0];
    if (anchor) expectedPrev = anchor.hash;
  }

  let expectedSeq = fromSeq;
  let cursor = fromSeq - 1;
  while (cursor < toSeq) {
    const page = await pool.query<Row>(
      `SELECT id, tenant_id, occurred_at, seq, prev_hash, hash, event FROM audit_events
       WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT ${PAGE}`,
      [tenantId, cursor, toSeq],
    );
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return fail(
          expectedSeq,
          null,
          `event seq ${expectedSeq} is missing (next stored row is seq ${seq}, id ${row.id})`,
        );
      }
      if (expectedPrev !== null && row.prev_hash !== expectedPrev) {
        return fail(
          seq,
          row.id,
          `prev_hash does not match the hash of seq ${seq - 1} (row ${seq - 1} or this link was altered)`,
        );
      }
      if (row.event.id !== row.id || row.event.tenant_id !== row.tenant_id) {
        return fail(seq, row.id, 'row id/tenant_id columns disagree with the hashed event');
      }
      if (!sameInstant(row.event.occurred_at, row.occurred_at)) {
        return fail(seq, row.id, 'occurred_at column disagrees with the hashed event');
      }
      if (chainHash(row.event, row.prev_hash) !== row.hash) {
        return fail(seq, row.id, 'stored hash does not match the recomputed hash: the event was altered');
      }
      for (const checkpoint of pendingCheckpoints.get(seq) ?? []) {
        if (checkpoint.hash !== row.hash) {
          return fail(
            seq,
            row.id,
            `signed checkpoint at seq ${seq} names a different hash: the chain was rewritten`,
          );
        }
      }
      pendingCheckpoints.delete(seq);
      pendingCheckpoints.delete(seq - 1);
      expectedPrev = row.hash;
      expectedSeq = seq + 1;
      report.events_checked += 1;
    }
    cursor = Number(page.rows.at(-1)?.seq ?? toSeq);
  }
  if (expectedSeq <= toSeq) {
    return fail(expectedSeq, null, `events seq ${expectedSeq}..${toSeq} are missing`);
  }
  if (openEnded && head && head.seq === toSeq && expectedPrev !== null && head.hash !== expectedPrev) {
    return fail(toSeq, null, 'chain head hash does not match the last stored event');
  }
  return report;
}

/**
 * Without a lower bound the walk starts at seq 1, unless retention dropped the oldest events: then
 * it starts right after the signed retention anchor taken before the drop.
 */
async function firstRetainedSeq(pool: Pool, tenantId: string, lo: number | null): Promise<number> {
  if (lo === null || lo <= 1) return 1;
  const anchor = await pool.query(
    "SELECT 1 FROM checkpoints WHERE tenant_id = $1 AND kind = 'retention' AND seq = $2 LIMIT 1",
    [tenantId, lo - 1],
  );
  return anchor.rowCount ? lo : 1;
}

/** JS dates carry milliseconds; compare at that precision. */
function sameInstant(text: unknown, at: Date): boolean {
  return typeof text === 'string' && Math.floor(Date.parse(text)) === at.getTime();
}
