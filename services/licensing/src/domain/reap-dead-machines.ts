import { randomUUID } from 'node:crypto';
import { systemActor } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { MachineRow } from '../db/rows.js';
import { machineView } from '../db/rows.js';
import { type LicensingDeps, type Log, audit } from './context.js';

/** A machine is dead past its last heartbeat (or activation) plus the policy interval; same rule as isMachineAlive. */
const DEAD = `coalesce(m.last_heartbeat_at, m.created_at) + p.heartbeat_interval_seconds * interval '1 second' < $1`;
const FREEING_POLICY = `p.machine_mode = 'floating' AND p.dead_machine_strategy = 'deactivate'
  AND p.heartbeat_interval_seconds IS NOT NULL`;

const CANDIDATES_SQL = `
SELECT m.id, m.license_id FROM policies p
  JOIN licenses l ON l.policy_id = p.id
  JOIN machines m ON m.license_id = l.id
 WHERE ${FREEING_POLICY} AND ${DEAD}
 ORDER BY m.id LIMIT $2`;

/** Re-checked under the license lock: a heartbeat that won the race keeps its machine. */
const FREE_SQL = `
DELETE FROM machines m USING licenses l, policies p
 WHERE m.id = $2 AND l.id = m.license_id AND p.id = l.policy_id AND ${FREEING_POLICY} AND ${DEAD}
RETURNING m.*`;

export interface ReapOptions {
  /** Machines examined per batch (default 500). */
  batchSize?: number;
  /** Batches per sweep at most, so one sweep cannot run unbounded (default 20). */
  maxBatches?: number;
  log?: Log;
}

/**
 * Frees the seats of dead floating machines whose policy says `deactivate`, across all tenants.
 * Each machine goes in its own transaction under its license's row lock (the lock activation and
 * heartbeat take), and each removal is audited as `licensing.machine.deactivate` by the system actor
 * `licensing:dead-machine-reaper`. Safe to run on every replica at once: the DELETE decides who wins.
 */
export async function reapDeadMachines(deps: LicensingDeps, options: ReapOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 20;
  const log = options.log ?? { info: () => undefined, warn: () => undefined };
  const requestId = `reaper_${randomUUID()}`;
  let freed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { rows } = await deps.pool.query<{ id: string; license_id: string }>(CANDIDATES_SQL, [
      deps.clock.now(),
      batchSize,
    ]);
    for (const candidate of rows) {
      if (await freeIfStillDead(deps, candidate, requestId, log)) freed++;
    }
    if (rows.length < batchSize) break;
  }
  return freed;
}

async function freeIfStillDead(
  deps: LicensingDeps,
  candidate: { id: string; license_id: string },
  requestId: string,
  log: Log,
): Promise<boolean> {
  return withTransaction(deps.pool, async (client) => {
    await client.query('SELECT 1 FROM licenses WHERE id = $1 FOR UPDATE', [candidate.license_id]);
    const { rows } = await client.query<MachineRow>(FREE_SQL, [deps.clock.now(), candidate.id]);
    const machine = rows[0];
    if (!machine) return false;
    await audit(
      client,
      {
        ...deps,
        actor: systemActor(machine.tenant_id, 'licensing:dead-machine-reaper'),
        requestId,
        log,
      },
      {
        action: 'licensing.machine.deactivate',
        target: { type: 'machine', id: machine.id },
        tenantId: machine.tenant_id,
        changes: { before: machineView(machine, false), after: null },
        outcome: { status: 'success', reason: 'heartbeat dead: seat freed by policy (reaper)' },
      },
    );
    log.info({ machine_id: machine.id, license_id: machine.license_id }, 'dead machine freed');
    return true;
  });
}
