import {
  type LastSeenStore,
  type LicenseKeyPayload,
  type OfflineFilePayload,
  type PublicKeysInput,
  type VerifyResult,
  verifyLicenseFile,
  verifyLicenseKey,
  verifyMachineFile,
} from '@bulwark/license-verifier';

export interface OfflineCheck {
  /** The JWKS from `GET /v1/keys` (licensing), shipped with your app. */
  publicKeys: PublicKeysInput;
  product?: string;
  entitlements?: string[];
  now?: Date | number;
}

/** Verifies a `BWL1.…` license key with no network: signature, expiry, product, entitlements. */
export function verifyLicenseKeyOffline(key: string, check: OfflineCheck): VerifyResult<LicenseKeyPayload> {
  return verifyLicenseKey(key, check);
}

/** Verifies (and decrypts) a checked-out license file; `lastSeen` catches a clock set back. */
export function verifyLicenseFileOffline(
  file: unknown,
  check: OfflineCheck & { licenseKey: string; lastSeen?: LastSeenStore },
): Promise<VerifyResult<OfflineFilePayload>> {
  return verifyLicenseFile(file, check);
}

/** Verifies a machine file for this machine's fingerprint. */
export function verifyMachineFileOffline(
  file: unknown,
  check: OfflineCheck & { licenseKey: string; fingerprint: string; lastSeen?: LastSeenStore },
): Promise<VerifyResult<OfflineFilePayload>> {
  return verifyMachineFile(file, check);
}
