import { NotFoundError } from '@bulwark/core';
import { findLicense, policyById } from '../db/queries.js';
import { type LicenseRow, type OwnerType, effectiveEntitlements } from '../db/rows.js';
import { type Ctx, SCOPE_READ, requireScope } from './context.js';
import { isExpired } from './validate-license.js';

export interface LicenseEntitlements {
  license_id: string;
  product_id: string;
  /** Whether the license currently grants anything (active, not past expiry + grace). */
  active: boolean;
  entitlements: string[];
}

/** For the flags service: "is this license entitled to X right now". Inactive licenses grant nothing. */
export async function licenseEntitlements(ctx: Ctx, licenseId: string): Promise<LicenseEntitlements> {
  const reader = requireScope(ctx, SCOPE_READ);
  const license = await findLicense(ctx.pool, reader.actor.tenantId, licenseId);
  if (!license) throw new NotFoundError('License', licenseId);
  const policy = await policyById(ctx.pool, license.policy_id);
  const active = license.status === 'active' && !isExpired(license, policy, ctx.clock.nowMs());
  return {
    license_id: license.id,
    product_id: license.product_id,
    active,
    entitlements: active ? effectiveEntitlements(license, policy) : [],
  };
}

export interface OwnerEntitlements {
  owner: { type: OwnerType | null; id: string };
  entitlements: string[];
  licenses: LicenseEntitlements[];
}

/** Union of what an owner's active licenses grant; an owner without licenses simply has none. */
export async function ownerEntitlements(
  ctx: Ctx,
  ownerId: string,
  ownerType?: OwnerType,
): Promise<OwnerEntitlements> {
  const reader = requireScope(ctx, SCOPE_READ);
  const { rows } = await ctx.pool.query<
    LicenseRow & { policy_entitlements: string[]; grace_period_seconds: number }
  >(
    `SELECT l.*, p.entitlements AS policy_entitlements, p.grace_period_seconds
       FROM licenses l JOIN policies p ON p.id = l.policy_id
      WHERE l.tenant_id = $1 AND l.owner_id = $2 AND ($3::text IS NULL OR l.owner_type = $3)
      ORDER BY l.id LIMIT 1000`,
    [reader.actor.tenantId, ownerId, ownerType ?? null],
  );
  const now = ctx.clock.nowMs();
  const licenses = rows.map((row) => {
    const active = row.status === 'active' && !isExpired(row, row, now);
    return {
      license_id: row.id,
      product_id: row.product_id,
      active,
      entitlements: active ? effectiveEntitlements(row, { entitlements: row.policy_entitlements }) : [],
    };
  });
  return {
    owner: { type: ownerType ?? null, id: ownerId },
    entitlements: [...new Set(licenses.flatMap((license) => license.entitlements))].sort(),
    licenses,
  };
}
