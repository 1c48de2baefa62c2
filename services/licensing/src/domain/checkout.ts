import { DomainError, ValidationError } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { type OfflineFileEnvelope, sealOfflineFile } from '@bulwark/license-verifier';
import { machinesOf } from '../db/queries.js';
import { effectiveEntitlements, type LicenseRow } from '../db/rows.js';
import { type Ctx, audit } from './context.js';
import { LicenseRefusedError } from './license-errors.js';
import { revealLicenseKey } from './license-keys.js';
import { type LicenseRef, assertUsable, lockLicense } from './lock-license.js';

export interface CheckoutInput {
  /** Present for a machine file (bound to this fingerprint); absent for a license file. */
  fingerprint?: string | undefined;
  /** Seconds; default and ceiling is the policy's file_ttl_seconds. */
  ttl?: number | undefined;
}

export interface CheckoutResult {
  type: 'license' | 'machine';
  issued_at: string;
  expires_at: string;
  file: OfflineFileEnvelope;
}

const epoch = (date: Date | null) => (date === null ? null : Math.floor(date.getTime() / 1000));

/** Issues a signed, encrypted license file or machine file (format in the README). Audited. */
export async function checkoutFile(ctx: Ctx, ref: LicenseRef, input: CheckoutInput): Promise<CheckoutResult> {
  const signer = await ctx.keys.activeSigner();
  return withTransaction(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, ref);
    const { license, policy } = locked;
    assertUsable(locked, ctx.clock.nowMs());
    if (!policy.offline_allowed)
      throw new DomainError('forbidden', 'The license policy does not allow offline files.');
    const ttl = input.ttl ?? policy.file_ttl_seconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > policy.file_ttl_seconds) {
      throw new ValidationError(`ttl must be between 60 and ${policy.file_ttl_seconds} seconds.`, [
        { field: '/body/ttl', message: `60..${policy.file_ttl_seconds}` },
      ]);
    }
    let machine:
      | { id: string; fingerprint: string; name: string | null; platform: string | null }
      | undefined;
    if (input.fingerprint !== undefined) {
      const found = (await machinesOf(client, license.id)).find(
        (row) => row.fingerprint === input.fingerprint,
      );
      if (!found)
        throw new LicenseRefusedError(
          'FINGERPRINT_MISMATCH',
          'Activate this machine before checking out its file.',
        );
      machine = { id: found.id, fingerprint: found.fingerprint, name: found.name, platform: found.platform };
    }
    const iat = ctx.clock.nowSeconds();
    const type = machine ? 'machine' : 'license';
    const file = sealOfflineFile({
      payload: {
        v: 1,
        type,
        iat,
        exp: iat + ttl,
        ttl,
        license: snapshot(license, policy),
        ...(machine ? { machine } : {}),
      },
      licenseKey: revealLicenseKey(ctx.kek, license.id, license.key_enc),
      kid: signer.kid,
      privateKey: signer.privateKey,
    });
    await audit(client, ctx, {
      action: 'licensing.license.checkout',
      target: { type: 'license', id: license.id },
      tenantId: license.tenant_id,
      changes: { before: null, after: { type, ttl, machine_id: machine?.id ?? null } },
    });
    return {
      type,
      issued_at: new Date(iat * 1000).toISOString(),
      expires_at: new Date((iat + ttl) * 1000).toISOString(),
      file,
    };
  });
}

function snapshot(
  license: LicenseRow,
  policy: Parameters<typeof effectiveEntitlements>[1] & {
    max_machines: number | null;
    grace_period_seconds: number;
  },
) {
  return {
    id: license.id,
    tenant: license.tenant_id,
    product: license.product_id,
    policy: license.policy_id,
    status: license.status,
    expires_at: epoch(license.expires_at),
    entitlements: effectiveEntitlements(license, policy),
    max_machines: policy.max_machines,
    owner: { type: license.owner_type, id: license.owner_id },
  };
}

/**
 * Check-in: an offline install reports back (when it can). Records the time, refreshes the machine's
 * heartbeat when a fingerprint is given, and returns a fresh file so the install can stay offline.
 */
export async function checkIn(ctx: Ctx, ref: LicenseRef, input: CheckoutInput): Promise<CheckoutResult> {
  await withTransaction(ctx.pool, async (client) => {
    const locked = await lockLicense(client, ctx, ref);
    await client.query('UPDATE licenses SET last_check_in_at = $2 WHERE id = $1', [
      locked.license.id,
      ctx.clock.now(),
    ]);
    if (input.fingerprint !== undefined) {
      await client.query(
        'UPDATE machines SET last_heartbeat_at = $3 WHERE license_id = $1 AND fingerprint = $2',
        [locked.license.id, input.fingerprint, ctx.clock.now()],
      );
    }
    await audit(client, ctx, {
      action: 'licensing.license.check_in',
      target: { type: 'license', id: locked.license.id },
      tenantId: locked.license.tenant_id,
    });
  });
  return checkoutFile(ctx, ref, input);
}
