import { type Actor, buildAuditEvent, systemActor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents } from '@bulwark/queue';
import type { Pool } from 'pg';
import { settleStaleIntents } from './change-intents.js';
import { actorFromUnleashEmail } from '../unleash/actor-email.js';
import { ADMIN_TOKEN_NAME } from '../unleash/sdk-tokens.js';

interface UnleashEventRow {
  id: string;
  type: string;
  created_by: string | null;
  feature_name: string | null;
  project: string | null;
  environment: string | null;
  created_at: Date;
}

export interface EventPollerOptions {
  pool: Pool;
  intervalMs: number;
  /** Tenant for events that name neither a tenant flag nor a Bulwark actor (Unleash's own housekeeping). */
  fallbackTenant: string;
  batchSize?: number;
  /** Age after which an unfinished `/v1/flags` change intent is settled (emitted or dropped). */
  intentGraceMs?: number;
  onError?: (error: unknown) => void;
}

export interface EventPoller {
  /** One pass; returns how many Unleash events became audit events. */
  pollOnce(): Promise<number>;
  stop(): Promise<void>;
}

const TENANT_OF_FLAG = /^([A-Za-z0-9_-]+)\./;

function actorFor(row: UnleashEventRow, fallbackTenant: string): Actor {
  const mapped = actorFromUnleashEmail(row.created_by);
  const flagTenant = row.feature_name ? TENANT_OF_FLAG.exec(row.feature_name)?.[1] : undefined;
  const tenantId = mapped?.tenantId ?? flagTenant ?? fallbackTenant;
  if (mapped) {
    return {
      type: mapped.type,
      id: mapped.id,
      tenantId,
      scopes: [],
      credentialIdHash: 'unleash-session',
    } as Actor;
  }
  // Unleash system jobs, its init-api-tokens user, or an unknown login.
  return systemActor(tenantId, `unleash:${row.created_by ?? 'unknown'}`);
}

/**
 * Changes made in the Unleash UI (or any Unleash API) reach the audit pipeline from Unleash's own
 * event store. Changes made through Bulwark's API carry our admin token's name and are skipped:
 * they were audited with our bookkeeping, or, if that commit never happened, from their change
 * intent (settled at the start of each pass). The cursor row is locked for the
 * pass, so replicas never emit the same Unleash event twice.
 */
export function startUnleashEventPoller(options: EventPollerOptions): EventPoller {
  const batchSize = options.batchSize ?? 200;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const pollOnce = () =>
    withTransaction(options.pool, async (client) => {
      await client.query(
        `INSERT INTO flags_unleash_event_cursor (id, last_event_id)
         SELECT 1, coalesce(max(id), 0) FROM unleash.events
         ON CONFLICT (id) DO NOTHING`,
      );
      // Changes through our API that never reached their audit commit (change-intents.ts).
      await settleStaleIntents(client, options.intentGraceMs ?? 30_000);
      const cursor = await client.query<{ last_event_id: string }>(
        'SELECT last_event_id FROM flags_unleash_event_cursor WHERE id = 1 FOR UPDATE',
      );
      const after = cursor.rows[0]?.last_event_id ?? '0';
      const { rows } = await client.query<UnleashEventRow>(
        `SELECT id, type, created_by, feature_name, project, environment, created_at
           FROM unleash.events WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      const last = rows.at(-1);
      if (!last) return 0;
      const events = rows
        .filter((row) => row.created_by !== ADMIN_TOKEN_NAME)
        .map((row) =>
          buildAuditEvent({
            actor: actorFor(row, options.fallbackTenant),
            action: 'flags.unleash.event',
            target: row.feature_name
              ? { type: 'flag', id: row.feature_name }
              : { type: 'unleash', id: row.type },
            metadata: {
              unleash_event_id: Number(row.id),
              unleash_event_type: row.type,
              unleash_created_by: row.created_by,
              project: row.project,
              environment: row.environment,
            },
          }),
        );
      if (events.length > 0) await emitAuditEvents(client, events);
      await client.query(
        'UPDATE flags_unleash_event_cursor SET last_event_id = $1, updated_at = now() WHERE id = 1',
        [last.id],
      );
      return events.length;
    });

  const loop = () => {
    if (stopped) return;
    running = pollOnce()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };
  timer = setTimeout(loop, options.intervalMs);

  return {
    pollOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
