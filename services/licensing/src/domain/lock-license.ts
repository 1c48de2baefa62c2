import { NotFoundError } from '@bulwark/core';
import type { ClientBase } from 'pg';
import { findLicense, policyById } from '../db/queries.js';
import type { LicenseRow, PolicyRow } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, requireScope } from './context.js';
import { LicenseRefusedError } from './license-errors.js';
import { resolveLicenseKey } from './resolve-key.js';
import { isExpired } from './validate-license.js';

/** A license is named by its key (end-user software) or by id (an admin with licensing:admin). */
export type LicenseRef = { key: string } | { licenseId: string };

export interface LockedLicense {
  license: LicenseRow;
  policy: PolicyRow;
}

/**
 * Loads the license `FOR UPDATE` inside the caller's transaction: every seat change on one license
 * queues here, which is what keeps `max_machines` true under concurrent activations.
 */
export async function lockLicense(client: ClientBase, ctx: Ctx, ref: LicenseRef): Promise<LockedLicense> {
  let license: LicenseRow | undefined;
  if ('key' in ref) {
    const resolved = await resolveLicenseKey(client, ctx, ref.key, { forUpdate: true });
    if (!resolved.ok) throw new LicenseRefusedError(resolved.code, resolved.detail);
    license = resolved.license;
  } else {
    const admin = requireScope(ctx, SCOPE_ADMIN);
    license = await findLicense(client, admin.actor.tenantId, ref.licenseId, { forUpdate: true });
    if (!license) throw new NotFoundError('License', ref.licenseId);
  }
  return { license, policy: await policyById(client, license.policy_id) };
}

/** Seats and files are only handed out for a license in good standing. */
export function assertUsable({ license, policy }: LockedLicense, nowMs: number): void {
  if (license.status === 'revoked') throw new LicenseRefusedError('REVOKED', 'The license was revoked.');
  if (license.status === 'suspended') throw new LicenseRefusedError('SUSPENDED', 'The license is suspended.');
  if (isExpired(license, policy, nowMs)) throw new LicenseRefusedError('EXPIRED', 'The license has expired.');
}
