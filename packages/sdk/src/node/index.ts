/**
 * `@bulwark/sdk/node`: the Node-only parts (filesystem and node:crypto), kept out of the
 * browser-safe main entry.
 */
export {
  createFileLastSeenStore,
  type LastSeenStore,
  type LicenseKeyPayload,
  type OfflineFilePayload,
  type VerifyCode,
  type VerifyResult,
} from '@bulwark/license-verifier';
export {
  verifyLicenseFileOffline,
  verifyLicenseKeyOffline,
  verifyMachineFileOffline,
} from './offline-license.js';
