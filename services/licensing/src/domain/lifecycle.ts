import { ConflictError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import type { ClientBase } from 'pg';
import { type LicenseRow, type LicenseView, type OwnerType, licenseView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, audit, requireScope } from './context.js';
import { type LockedLicense, lockLicense } from './lock-license.js';

type Action =
  | 'licensing.license.suspend'
  | 'licensing.license.reinstate'
  | 'licensing.license.revoke'
  | 'licensing.license.renew'
  | 'licensing.license.transfer';

/** Locks the license, applies one UPDATE, and audits before/after in the same transaction. */
async function change(
  ctx: Ctx,
  licenseId: string,
  action: Action,
  update: (locked: LockedLicense, client: ClientBase) => { sql: string; params: unknown[] },
): Promise<LicenseView> {
  requireScope(ctx, SCOPE_ADMIN);
  return withTransaction(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, { licenseId });
    const { sql, params } = update(locked, client);
    const { rows } = await client.query<LicenseRow>(
      `UPDATE licenses SET ${sql}, updated_at = $2 WHERE id = $1 RETURNING *`,
      [licenseId, ctx.clock.now(), ...params],
    );
    const before = licenseView(locked.license, locked.policy);
    const after = licenseView(rows[0] as LicenseRow, locked.policy);
    await audit(client, ctx, {
      action,
      target: { type: 'license', id: licenseId },
      tenantId: locked.license.tenant_id,
      changes: { before, after },
    });
    return after;
  });
}

export function suspendLicense(ctx: Ctx, licenseId: string): Promise<LicenseView> {
  return change(ctx, licenseId, 'licensing.license.suspend', ({ license }) => {
    if (license.status !== 'active')
      throw new ConflictError(`Only an active license can be suspended (it is ${license.status}).`);
    return { sql: `status = 'suspended'`, params: [] };
  });
}

export function reinstateLicense(ctx: Ctx, licenseId: string): Promise<LicenseView> {
  return change(ctx, licenseId, 'licensing.license.reinstate', ({ license }) => {
    if (license.status !== 'suspended')
      throw new ConflictError(`Only a suspended license can be reinstated (it is ${license.status}).`);
    return { sql: `status = 'active'`, params: [] };
  });
}

/** Revocation is final; machines are released with it. */
export function revokeLicense(ctx: Ctx, licenseId: string): Promise<LicenseView> {
  return change(ctx, licenseId, 'licensing.license.revoke', ({ license }) => {
    if (license.status === 'revoked') throw new ConflictError('The license is already revoked.');
    return { sql: `status = 'revoked'`, params: [] };
  });
}

/**
 * Extends the expiry by the policy duration, counted from the later of now and the current expiry,
 * so renewing early loses nothing. The key's embedded `exp` is not changed: online validation and
 * new license files carry the new expiry (see README, "Renewal and the key").
 */
export function renewLicense(ctx: Ctx, licenseId: string): Promise<LicenseView> {
  return change(ctx, licenseId, 'licensing.license.renew', ({ license, policy }) => {
    if (license.status === 'revoked') throw new ConflictError('A revoked license cannot be renewed.');
    if (policy.duration_seconds === null || license.expires_at === null) {
      throw new ConflictError('The license does not expire, so there is nothing to renew.');
    }
    const from = Math.max(ctx.clock.nowMs(), license.expires_at.getTime());
    const status = license.status === 'expired' ? 'active' : license.status;
    return {
      sql: 'expires_at = $3, status = $4',
      params: [new Date(from + policy.duration_seconds * 1000), status],
    };
  });
}

export function transferLicense(
  ctx: Ctx,
  licenseId: string,
  owner: { type: OwnerType; id: string },
): Promise<LicenseView> {
  if (owner.id.length === 0)
    throw new ValidationError('owner.id is required.', [{ field: '/body/owner/id', message: 'required' }]);
  return change(ctx, licenseId, 'licensing.license.transfer', ({ license }) => {
    if (license.status === 'revoked') throw new ConflictError('A revoked license cannot be transferred.');
    return { sql: 'owner_type = $3, owner_id = $4', params: [owner.type, owner.id] };
  });
}
