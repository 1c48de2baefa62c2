import { NotFoundError, ValidationError, publicId } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { findLicense, findPolicy, policyById, registerEntitlements } from '../db/queries.js';
import {
  type LicenseRow,
  type LicenseView,
  type OwnerType,
  effectiveEntitlements,
  licenseView,
} from '../db/rows.js';
import { type Ctx, SCOPE_ADMIN, SCOPE_READ, audit, requireScope } from './context.js';
import { idempotent } from './idempotency.js';
import { issueLicenseKey } from './license-keys.js';
import { type Page, type PageInput, decodeCursor, pageLimit, toPage } from './pagination.js';

export interface CreateLicenseInput {
  policy_id: string;
  owner: { type: OwnerType; id: string };
  /** ISO time; default: now + the policy's duration (or perpetual). */
  expires_at?: string | null | undefined;
  entitlements?: string[] | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export type CreatedLicense = LicenseView & { key: string };

export async function createLicense(
  ctx: Ctx,
  input: CreateLicenseInput,
  idempotencyKey?: string | undefined,
): Promise<CreatedLicense> {
  const admin = requireScope(ctx, SCOPE_ADMIN);
  const tenantId = admin.actor.tenantId;
  const now = ctx.clock.now();
  let expiresAt: Date | null | undefined;
  if (input.expires_at !== undefined && input.expires_at !== null) {
    expiresAt = new Date(input.expires_at);
    if (Number.isNaN(expiresAt.getTime())) {
      throw new ValidationError('expires_at is not a date-time.', [
        { field: '/body/expires_at', message: 'date-time' },
      ]);
    }
  } else if (input.expires_at === null) expiresAt = null;
  const signer = await ctx.keys.activeSigner();
  return withTransaction(ctx.pool, async (client) => {
    const { value } = await idempotent(
      client,
      { tenantId, key: idempotencyKey, operation: 'license.create', request: input },
      async () => {
        const policy = await findPolicy(client, tenantId, input.policy_id);
        if (!policy) throw new NotFoundError('Policy', input.policy_id);
        const id = publicId('license', ctx.clock.nowMs());
        const expiry =
          expiresAt !== undefined
            ? expiresAt
            : policy.duration_seconds === null
              ? null
              : new Date(now.getTime() + policy.duration_seconds * 1000);
        const extra = [...new Set(input.entitlements ?? [])].sort();
        await registerEntitlements(client, tenantId, extra);
        const issued = issueLicenseKey(signer, ctx.kek, {
          lid: id,
          tenant: tenantId,
          product: policy.product_id,
          policy: policy.id,
          entitlements: effectiveEntitlements({ entitlements: extra }, policy),
          exp: expiry === null ? null : Math.floor(expiry.getTime() / 1000),
          max_machines: policy.max_machines,
          iat: ctx.clock.nowSeconds(),
        });
        const { rows } = await client.query<LicenseRow>(
          `INSERT INTO licenses (id, tenant_id, product_id, policy_id, key_hash, key_enc, key_hint, kid, status,
             owner_type, owner_id, expires_at, entitlements, metadata, created_at, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'active',$9,$10,$11,$12,$13,$14,$14) RETURNING *`,
          [
            id,
            tenantId,
            policy.product_id,
            policy.id,
            issued.keyHash,
            issued.keyEnc,
            issued.keyHint,
            signer.kid,
            input.owner.type,
            input.owner.id,
            expiry,
            extra,
            input.metadata ?? {},
            now,
          ],
        );
        const view = licenseView(rows[0] as LicenseRow, policy);
        await audit(client, ctx, {
          action: 'licensing.license.create',
          target: { type: 'license', id },
          tenantId,
          changes: { before: null, after: view },
        });
        return { ...view, key: issued.key };
      },
    );
    return value;
  });
}

export async function getLicense(ctx: Ctx, id: string): Promise<LicenseView> {
  const reader = requireScope(ctx, SCOPE_READ);
  const row = await findLicense(ctx.pool, reader.actor.tenantId, id);
  if (!row) throw new NotFoundError('License', id);
  return licenseView(row, await policyById(ctx.pool, row.policy_id));
}

export interface LicenseFilter extends PageInput {
  ownerType?: OwnerType | undefined;
  ownerId?: string | undefined;
  status?: string | undefined;
}

export async function listLicenses(ctx: Ctx, filter: LicenseFilter): Promise<Page<LicenseView>> {
  const reader = requireScope(ctx, SCOPE_READ);
  const limit = pageLimit(filter.limit);
  const { rows } = await ctx.pool.query<
    LicenseRow & { policy_entitlements: string[]; policy_max_machines: number | null }
  >(
    `SELECT l.*, p.entitlements AS policy_entitlements, p.max_machines AS policy_max_machines
       FROM licenses l JOIN policies p ON p.id = l.policy_id
      WHERE l.tenant_id = $1 AND ($2::text IS NULL OR l.id > $2)
        AND ($3::text IS NULL OR l.owner_type = $3) AND ($4::text IS NULL OR l.owner_id = $4)
        AND ($5::text IS NULL OR l.status = $5)
      ORDER BY l.id LIMIT $6`,
    [
      reader.actor.tenantId,
      decodeCursor(filter.cursor),
      filter.ownerType ?? null,
      filter.ownerId ?? null,
      filter.status ?? null,
      limit + 1,
    ],
  );
  const views = rows.map((row) =>
    licenseView(row, { entitlements: row.policy_entitlements, max_machines: row.policy_max_machines }),
  );
  return toPage(views, limit);
}
