import { DomainError, type ErrorCode } from '@bulwark/core';
import type { ValidationCode } from './validate-license.js';

const STATUS_FOR: Partial<Record<ValidationCode, ErrorCode>> = {
  NOT_FOUND: 'not_found',
  BAD_SIGNATURE: 'forbidden',
  REVOKED: 'forbidden',
  SUSPENDED: 'forbidden',
  EXPIRED: 'forbidden',
  TOO_MANY_MACHINES: 'conflict',
  HEARTBEAT_DEAD: 'conflict',
  FINGERPRINT_MISMATCH: 'not_found',
  NO_MACHINE: 'not_found',
};

/**
 * A licensing refusal on a write (activate, heartbeat, checkout…): a problem+json whose
 * `license_code` carries the same code the validator would give, so clients branch on one vocabulary.
 */
export class LicenseRefusedError extends DomainError {
  constructor(
    readonly licenseCode: ValidationCode,
    detail: string,
  ) {
    super(STATUS_FOR[licenseCode] ?? 'unprocessable', detail, { extensions: { license_code: licenseCode } });
  }
}
