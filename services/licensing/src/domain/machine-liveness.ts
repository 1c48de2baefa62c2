import type { MachineRow, PolicyRow } from '../db/rows.js';

/**
 * A machine is dead when its policy asks for heartbeats and none came within the interval.
 * Activation counts as the first heartbeat.
 */
export function isMachineAlive(
  machine: Pick<MachineRow, 'last_heartbeat_at' | 'created_at'>,
  policy: Pick<PolicyRow, 'heartbeat_interval_seconds'>,
  nowMs: number,
): boolean {
  if (policy.heartbeat_interval_seconds === null) return true;
  const last = (machine.last_heartbeat_at ?? machine.created_at).getTime();
  return nowMs <= last + policy.heartbeat_interval_seconds * 1000;
}

/** Dead floating machines give their seat back when the policy says so. Node-locked seats never move. */
export function freesDeadMachines(
  policy: Pick<PolicyRow, 'machine_mode' | 'dead_machine_strategy' | 'heartbeat_interval_seconds'>,
) {
  return (
    policy.machine_mode === 'floating' &&
    policy.dead_machine_strategy === 'deactivate' &&
    policy.heartbeat_interval_seconds !== null
  );
}

/** Seats a license may hold: max_machines plus the policy's overage allowance (null: unlimited). */
export function seatLimit(policy: Pick<PolicyRow, 'max_machines' | 'overage_machines'>): number | null {
  return policy.max_machines === null ? null : policy.max_machines + policy.overage_machines;
}
