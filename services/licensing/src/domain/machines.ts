import { ConflictError, NotFoundError, publicId } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { ClientBase } from 'pg';
import { machinesOf } from '../db/queries.js';
import { type MachineRow, type MachineView, machineView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, SCOPE_READ, audit, requireScope } from './context.js';
import { LicenseRefusedError } from './license-errors.js';
import { type LicenseRef, type LockedLicense, assertUsable, lockLicense } from './lock-license.js';
import { freesDeadMachines, isMachineAlive, seatLimit } from './machine-liveness.js';

export interface ActivateInput {
  fingerprint: string;
  name?: string | null | undefined;
  platform?: string | null | undefined;
}

async function releaseDeadMachines(client: ClientBase, ctx: Ctx, locked: LockedLicense): Promise<void> {
  if (!freesDeadMachines(locked.policy)) return;
  const now = ctx.clock.nowMs();
  for (const machine of await machinesOf(client, locked.license.id)) {
    if (isMachineAlive(machine, locked.policy, now)) continue;
    await client.query('DELETE FROM machines WHERE id = $1', [machine.id]);
    await audit(client, ctx, {
      action: 'licensing.machine.deactivate',
      target: { type: 'machine', id: machine.id },
      tenantId: locked.license.tenant_id,
      changes: { before: machineView(machine, false), after: null },
      outcome: { status: 'success', reason: 'heartbeat dead: seat freed by policy' },
    });
  }
}

/** Claims a seat. The license row lock serialises activations, so the count below cannot be stale. */
export async function activateMachine(ctx: Ctx, ref: LicenseRef, input: ActivateInput): Promise<MachineView> {
  return withTransaction(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, ref);
    const now = ctx.clock.nowMs();
    assertUsable(locked, now);
    await releaseDeadMachines(client, ctx, locked);
    const machines = await machinesOf(client, locked.license.id);
    if (machines.some((machine) => machine.fingerprint === input.fingerprint)) {
      throw new ConflictError('This fingerprint is already activated for the license.', {
        license_code: 'VALID',
      });
    }
    const limit = seatLimit(locked.policy);
    if (limit !== null && machines.length >= limit) {
      throw new LicenseRefusedError(
        'TOO_MANY_MACHINES',
        `All ${limit} machine seats of this license are taken.`,
      );
    }
    const { rows } = await client.query<MachineRow>(
      `INSERT INTO machines (id, tenant_id, license_id, fingerprint, name, platform, last_heartbeat_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
      [
        publicId('machine', now),
        locked.license.tenant_id,
        locked.license.id,
        input.fingerprint,
        input.name ?? null,
        input.platform ?? null,
        ctx.clock.now(),
      ],
    );
    const view = machineView(rows[0] as MachineRow, true);
    await audit(client, ctx, {
      action: 'licensing.machine.activate',
      target: { type: 'machine', id: view.id },
      tenantId: locked.license.tenant_id,
      changes: { before: null, after: view },
    });
    return view;
  });
}

async function machineByFingerprint(client: ClientBase, licenseId: string, fingerprint: string) {
  const { rows } = await client.query<MachineRow>(
    'SELECT * FROM machines WHERE license_id = $1 AND fingerprint = $2',
    [licenseId, fingerprint],
  );
  const machine = rows[0];
  if (!machine)
    throw new LicenseRefusedError('FINGERPRINT_MISMATCH', 'This machine is not activated for the license.');
  return machine;
}

export async function deactivateMachine(ctx: Ctx, ref: LicenseRef, fingerprint: string): Promise<void> {
  await withTransaction(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, ref);
    const machine = await machineByFingerprint(client, locked.license.id, fingerprint);
    await client.query('DELETE FROM machines WHERE id = $1', [machine.id]);
    await audit(client, ctx, {
      action: 'licensing.machine.deactivate',
      target: { type: 'machine', id: machine.id },
      tenantId: locked.license.tenant_id,
      changes: { before: machineView(machine, true), after: null },
    });
  });
}

/** Admin removal by machine id (e.g. a lost laptop). */
export async function deleteMachine(ctx: Ctx, machineId: string): Promise<void> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const { rows } = await ctx.pool.query<MachineRow>(
    'SELECT * FROM machines WHERE tenant_id = $1 AND id = $2',
    [admin.actor.tenantId, machineId],
  );
  const machine = rows[0];
  if (!machine) throw new NotFoundError('Machine', machineId);
  await deactivateMachine(ctx, { licenseId: machine.license_id }, machine.fingerprint);
}

/**
 * Records a heartbeat. A machine that already missed one is dead: under `deactivate` its seat is
 * freed and the heartbeat refused (activate again); under `keep` it comes back to life.
 */
export async function heartbeatMachine(ctx: Ctx, ref: LicenseRef, fingerprint: string): Promise<MachineView> {
  const outcome = await withTransaction<MachineView | 'dead'>(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, ref);
    const now = ctx.clock.nowMs();
    assertUsable(locked, now);
    const machine = await machineByFingerprint(client, locked.license.id, fingerprint);
    if (!isMachineAlive(machine, locked.policy, now) && freesDeadMachines(locked.policy)) {
      await releaseDeadMachines(client, ctx, locked);
      // The freed seat must commit even though this call answers with an error.
      return 'dead';
    }
    const { rows } = await client.query<MachineRow>(
      'UPDATE machines SET last_heartbeat_at = $2 WHERE id = $1 RETURNING *',
      [machine.id, ctx.clock.now()],
    );
    const view = machineView(rows[0] as MachineRow, true);
    await audit(client, ctx, {
      action: 'licensing.machine.heartbeat',
      target: { type: 'machine', id: machine.id },
      tenantId: locked.license.tenant_id,
    });
    return view;
  });
  if (outcome === 'dead') {
    throw new LicenseRefusedError(
      'HEARTBEAT_DEAD',
      'The machine missed its heartbeat and was deactivated; activate it again.',
    );
  }
  return outcome;
}

export async function listMachines(ctx: Ctx, licenseId: string): Promise<MachineView[]> {
  const reader = requireScope(ctx, SCOPE_READ);
  const { rows } = await ctx.pool.query<MachineRow & { heartbeat_interval_seconds: number | null }>(
    `SELECT m.*, p.heartbeat_interval_seconds FROM licenses l
       JOIN policies p ON p.id = l.policy_id
       LEFT JOIN machines m ON m.license_id = l.id
      WHERE l.tenant_id = $1 AND l.id = $2 ORDER BY m.id`,
    [reader.actor.tenantId, licenseId],
  );
  if (rows.length === 0) throw new NotFoundError('License', licenseId);
  const now = ctx.clock.nowMs();
  return rows.filter((row) => row.id !== null).map((row) => machineView(row, isMachineAlive(row, row, now)));
}
