import { findForValidation } from '../db/validation-query.js';
import {
  type LicenseRow,
  type LicenseView,
  type MachineView,
  type PolicyRow,
  licenseView,
  machineView,
} from '../db/rows.js';
import { checkKeySignature } from './check-key-signature.js';
import type { LicensingDeps } from './context.js';
import { isMachineAlive, seatLimit } from './machine-liveness.js';

export const VALIDATION_CODES = [
  'VALID',
  'NOT_FOUND',
  'BAD_SIGNATURE',
  'REVOKED',
  'SUSPENDED',
  'EXPIRED',
  'PRODUCT_MISMATCH',
  'ENTITLEMENTS_MISSING',
  'TOO_MANY_MACHINES',
  'NO_MACHINE',
  'FINGERPRINT_MISMATCH',
  'HEARTBEAT_DEAD',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

export interface ValidateInput {
  key: string;
  fingerprint?: string | undefined;
  product?: string | undefined;
  entitlements?: string[] | undefined;
}

export interface ValidationResult {
  valid: boolean;
  code: ValidationCode;
  detail: string;
  license: LicenseView | null;
  /** The machine matched by the fingerprint (zero or one); the full list is GET /v1/licenses/{id}/machines. */
  machines: MachineView[];
  /** How many machines hold a seat on the license. */
  machine_count: number;
}

/** Expired once past expiry plus the policy's grace period. */
export function isExpired(
  license: Pick<LicenseRow, 'status' | 'expires_at'>,
  policy: Pick<PolicyRow, 'grace_period_seconds'>,
  nowMs: number,
) {
  if (license.status === 'expired') return true;
  return (
    license.expires_at !== null && nowMs >= license.expires_at.getTime() + policy.grace_period_seconds * 1000
  );
}

/**
 * Online validation. The first failing check wins, in this order (README "Validation order"):
 * NOT_FOUND (not a key) → BAD_SIGNATURE → NOT_FOUND (no license) → REVOKED → SUSPENDED → EXPIRED →
 * PRODUCT_MISMATCH → ENTITLEMENTS_MISSING → TOO_MANY_MACHINES → NO_MACHINE → FINGERPRINT_MISMATCH →
 * HEARTBEAT_DEAD → VALID. Read-only: it changes nothing and writes no audit event.
 * Cost: one cached (or one Ed25519) signature check and exactly one database round trip.
 */
export async function validateLicense(deps: LicensingDeps, input: ValidateInput): Promise<ValidationResult> {
  const signed = await checkKeySignature(deps.keys, deps.verifiedKeys, input.key);
  if (!signed.ok) return refusal(signed.code, signed.detail);
  const found = await findForValidation(deps.pool, signed.keyHash, input.fingerprint);
  if (!found || found.license.id !== signed.claims.lid || found.license.tenant_id !== signed.claims.tenant) {
    return refusal('NOT_FOUND', 'No license exists for this key.');
  }
  const { license, policy, machineCount } = found;
  const now = deps.clock.nowMs();
  const machine = found.machine
    ? machineView(found.machine, isMachineAlive(found.machine, policy, now))
    : undefined;
  const view = licenseView(license, policy);
  const answer = (code: ValidationCode, detail: string): ValidationResult => ({
    valid: code === 'VALID',
    code,
    detail,
    license: view,
    machines: machine ? [machine] : [],
    machine_count: machineCount,
  });

  if (license.status === 'revoked') return answer('REVOKED', 'The license was revoked.');
  if (license.status === 'suspended') return answer('SUSPENDED', 'The license is suspended.');
  if (isExpired(license, policy, now)) return answer('EXPIRED', 'The license has expired.');
  if (input.product !== undefined && input.product !== license.product_id) {
    return answer('PRODUCT_MISMATCH', 'The license is for another product.');
  }
  const granted = view.entitlements;
  const missing = (input.entitlements ?? []).filter((code) => !granted.includes(code));
  if (missing.length > 0) return answer('ENTITLEMENTS_MISSING', `The license lacks: ${missing.join(', ')}.`);
  const limit = seatLimit(policy);
  if (limit !== null && machineCount > limit) {
    return answer(
      'TOO_MANY_MACHINES',
      `The license has ${machineCount} machines; the policy allows ${limit}.`,
    );
  }
  const inGrace = license.expires_at !== null && now >= license.expires_at.getTime();
  const validDetail = inGrace ? 'Valid, in the grace period after expiry: renew soon.' : 'Valid.';
  if (input.fingerprint === undefined) {
    if (policy.machine_mode === 'node_locked') {
      return answer('NO_MACHINE', 'The license is node-locked: validate with the machine fingerprint.');
    }
    return answer('VALID', validDetail);
  }
  if (machineCount === 0) return answer('NO_MACHINE', 'No machine is activated for this license.');
  if (!machine) return answer('FINGERPRINT_MISMATCH', 'This machine is not activated for the license.');
  if (!machine.alive) return answer('HEARTBEAT_DEAD', 'The machine missed its heartbeat.');
  return answer('VALID', validDetail);
}

function refusal(code: ValidationCode, detail: string): ValidationResult {
  return { valid: false, code, detail, license: null, machines: [], machine_count: 0 };
}
