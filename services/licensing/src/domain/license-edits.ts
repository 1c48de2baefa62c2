import { ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { registerEntitlements } from '../db/queries.js';
import { type LicenseRow, type LicenseView, licenseView } from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, audit, requireScope } from './context.js';
import { lockLicense } from './lock-license.js';

export interface UpdateLicenseInput {
  /** ISO time, or null for perpetual. */
  expires_at?: string | null | undefined;
  /** Entitlements granted to this license on top of its policy's (replaces the list). */
  entitlements?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
}

function parseExpiry(value: string | null): Date | null {
  if (value === null) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError('expires_at is not a date-time.', [
      { field: '/body/expires_at', message: 'date-time' },
    ]);
  }
  return date;
}

/**
 * Edits a license's expiry, extra entitlements or metadata. Status changes go through the lifecycle
 * verbs and the owner through transfer, so each has its own audit action. The key is not re-signed:
 * online validation and new license files see the change; the key's own claims stay as issued.
 */
export async function updateLicense(ctx: Ctx, id: string, input: UpdateLicenseInput): Promise<LicenseView> {
  requireScope(ctx, SCOPE_ADMIN);
  const expiry = input.expires_at === undefined ? undefined : parseExpiry(input.expires_at);
  return withTransaction(ctx.pool, async (client) => {
    const { license, policy } = await lockLicense(client, ctx, { licenseId: id });
    const entitlements =
      input.entitlements === undefined ? license.entitlements : [...new Set(input.entitlements)].sort();
    await registerEntitlements(client, license.tenant_id, entitlements);
    const { rows } = await client.query<LicenseRow>(
      `UPDATE licenses SET expires_at = $2, entitlements = $3, metadata = $4, updated_at = $5
        WHERE id = $1 RETURNING *`,
      [
        id,
        expiry === undefined ? license.expires_at : expiry,
        entitlements,
        input.metadata ?? license.metadata,
        ctx.clock.now(),
      ],
    );
    const after = licenseView(rows[0] as LicenseRow, policy);
    await audit(client, ctx, {
      action: 'licensing.license.update',
      target: { type: 'license', id },
      tenantId: license.tenant_id,
      changes: { before: licenseView(license, policy), after },
    });
    return after;
  });
}

/**
 * Deletes a license and its machines. Its key then validates as NOT_FOUND (the signature is still
 * genuine; the license is gone). Prefer revoke when the history should stay visible.
 */
export async function deleteLicense(ctx: Ctx, id: string): Promise<void> {
  requireScope(ctx, SCOPE_ADMIN);
  await withTransaction(ctx.pool, async (client) => {
    const { license, policy } = await lockLicense(client, ctx, { licenseId: id });
    const machines = await client.query('DELETE FROM machines WHERE license_id = $1', [id]);
    await client.query('DELETE FROM licenses WHERE id = $1', [id]);
    await audit(client, ctx, {
      action: 'licensing.license.delete',
      target: { type: 'license', id },
      tenantId: license.tenant_id,
      changes: { before: { ...licenseView(license, policy), machines: machines.rowCount ?? 0 }, after: null },
    });
  });
}
