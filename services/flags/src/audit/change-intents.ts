import type { AuditEvent } from '@bulwark/core';
import { emitAuditEvents } from '@bulwark/queue';
import type { ClientBase, Pool } from 'pg';
import { ADMIN_TOKEN_NAME } from '../unleash/sdk-tokens.js';

/**
 * Write-ahead intents for changes made through Bulwark's API (migration 0002). The Unleash change
 * is an HTTP call that cannot join our transaction, so the audit event is prepared and committed
 * as an intent first; `closeIntent` deletes it in the transaction that emits the real event, and
 * `settleStaleIntents` (run by the event poller) emits or drops what a crash left behind.
 */
export async function openIntent(pool: Pool, unleashName: string, prepared: AuditEvent): Promise<string> {
  await pool.query('INSERT INTO flags_change_intents (id, unleash_name, event) VALUES ($1, $2, $3)', [
    prepared.id,
    unleashName,
    JSON.stringify(prepared),
  ]);
  return prepared.id;
}

/** Deletes the intent inside the transaction that emits the change's event (under the same id). */
export async function closeIntent(client: ClientBase, id: string): Promise<void> {
  await client.query('DELETE FROM flags_change_intents WHERE id = $1', [id]);
}

/** The Unleash call failed: nothing changed, or the poller will find out that something did. */
export async function abandonIntent(pool: Pool, id: string): Promise<void> {
  await pool.query(
    `DELETE FROM flags_change_intents i
      WHERE i.id = $1
        AND NOT EXISTS (SELECT 1 FROM unleash.events e
                         WHERE e.feature_name = i.unleash_name AND e.created_by = $2
                           AND e.created_at >= i.created_at)`,
    [id, ADMIN_TOKEN_NAME],
  );
}

interface StaleIntent {
  id: string;
  event: AuditEvent;
  unleash_event_ids: string[] | null;
}

/**
 * Intents older than `graceMs` whose request never finished. Those whose flag our admin token
 * changed in Unleash since the intent was written are emitted (outcome success, marked recovered,
 * with the Unleash event ids); the rest are dropped, since Unleash never applied them. Runs inside
 * the poller's transaction; SKIP LOCKED leaves intents a live request is closing right now.
 */
export async function settleStaleIntents(client: ClientBase, graceMs: number): Promise<number> {
  const { rows } = await client.query<StaleIntent>(
    `SELECT i.id, i.event,
            (SELECT array_agg(e.id::text ORDER BY e.id) FROM unleash.events e
              WHERE e.feature_name = i.unleash_name AND e.created_by = $2
                AND e.created_at >= i.created_at) AS unleash_event_ids
       FROM flags_change_intents i
      WHERE i.created_at < now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY i.created_at
      LIMIT 100
      FOR UPDATE OF i SKIP LOCKED`,
    [graceMs, ADMIN_TOKEN_NAME],
  );
  if (rows.length === 0) return 0;
  const applied = rows.filter((row) => row.unleash_event_ids !== null);
  if (applied.length > 0) {
    await emitAuditEvents(
      client,
      applied.map((row) => ({
        ...row.event,
        metadata: {
          ...(row.event.metadata ?? {}),
          recovered: true,
          unleash_event_ids: (row.unleash_event_ids ?? []).map(Number),
        },
      })),
    );
  }
  await client.query('DELETE FROM flags_change_intents WHERE id = ANY($1::uuid[])', [
    rows.map((row) => row.id),
  ]);
  return applied.length;
}
