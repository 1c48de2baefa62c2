import { type LastSeenStore, checkAndRecordClock } from './clock-store.js';
import { type VerifyResult, fail, ok } from './codes.js';
import type { PublicKeysInput } from './key-ring.js';
import { type OfflineFilePayload, type OfflineFileType, openOfflineFile } from './offline-file.js';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, type NowInput, toEpochSeconds } from './time.js';

export interface VerifyFileOptions {
  publicKeys: PublicKeysInput;
  /** The license key the file was checked out for; it is also the decryption secret. */
  licenseKey: string;
  now?: NowInput;
  /** Remembers the latest time seen, to catch a clock set back. Strongly recommended offline. */
  lastSeen?: LastSeenStore;
  product?: string;
  entitlements?: readonly string[];
  clockToleranceSeconds?: number;
}

export interface VerifyMachineFileOptions extends VerifyFileOptions {
  fingerprint: string;
}

/**
 * Order: MALFORMED → BAD_SIGNATURE → DECRYPTION_FAILED | FINGERPRINT_MISMATCH → CLOCK_ROLLBACK
 * (now before the file's issue time, or before the last time seen) → FILE_EXPIRED (TTL passed; check
 * a new file out) → REVOKED → SUSPENDED → EXPIRED → PRODUCT_MISMATCH → ENTITLEMENTS_MISSING → VALID.
 */
async function verifyFile(
  type: OfflineFileType,
  file: unknown,
  options: VerifyFileOptions,
  fingerprint?: string,
): Promise<VerifyResult<OfflineFilePayload>> {
  const opened = openOfflineFile({
    file,
    type,
    licenseKey: options.licenseKey,
    publicKeys: options.publicKeys,
    ...(fingerprint === undefined ? {} : { fingerprint }),
  });
  if (!opened.valid) return opened;
  const payload = opened.data;
  const now = toEpochSeconds(options.now);
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (now + tolerance < payload.iat) {
    return fail(
      'CLOCK_ROLLBACK',
      'The file was issued after the current time: the clock is behind.',
      payload,
    );
  }
  if (options.lastSeen) {
    let clock: Awaited<ReturnType<typeof checkAndRecordClock>>;
    try {
      clock = await checkAndRecordClock(options.lastSeen, now, tolerance, payload.iat);
    } catch {
      // A store that cannot be read or written must not turn into an exception for the caller.
      clock = { ok: true };
    }
    if (!clock.ok) {
      const seen = new Date(clock.lastSeen * 1000).toISOString();
      return fail('CLOCK_ROLLBACK', `The clock is behind a time already seen (${seen}).`, payload);
    }
  }
  if (now >= payload.exp) {
    return fail(
      'FILE_EXPIRED',
      `The file expired at ${new Date(payload.exp * 1000).toISOString()}; check out a new one.`,
      payload,
    );
  }
  const { license } = payload;
  if (license.status === 'revoked') return fail('REVOKED', 'The license was revoked.', payload);
  if (license.status === 'suspended') return fail('SUSPENDED', 'The license is suspended.', payload);
  if (license.status === 'expired' || (license.expires_at !== null && now >= license.expires_at)) {
    return fail('EXPIRED', 'The license has expired.', payload);
  }
  if (options.product !== undefined && options.product !== license.product) {
    return fail('PRODUCT_MISMATCH', 'The license is for another product.', payload);
  }
  const missing = (options.entitlements ?? []).filter((code) => !license.entitlements.includes(code));
  if (missing.length > 0)
    return fail('ENTITLEMENTS_MISSING', `The license lacks: ${missing.join(', ')}.`, payload);
  return ok(payload);
}

export function verifyLicenseFile(
  file: unknown,
  options: VerifyFileOptions,
): Promise<VerifyResult<OfflineFilePayload>> {
  return verifyFile('license', file, options);
}

export function verifyMachineFile(
  file: unknown,
  options: VerifyMachineFileOptions,
): Promise<VerifyResult<OfflineFilePayload>> {
  return verifyFile('machine', file, options, options.fingerprint);
}
