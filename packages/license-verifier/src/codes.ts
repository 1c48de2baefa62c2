/**
 * Every verification answers with a code, never a throw. The online validator uses the same names
 * for the codes it shares; `MALFORMED` (not a Bulwark key or file at all), `CLOCK_ROLLBACK`,
 * `FILE_EXPIRED` and `DECRYPTION_FAILED` exist only offline.
 */
export const VERIFY_CODES = [
  'VALID',
  'MALFORMED',
  'BAD_SIGNATURE',
  'CLOCK_ROLLBACK',
  'FILE_EXPIRED',
  'DECRYPTION_FAILED',
  'FINGERPRINT_MISMATCH',
  'SUSPENDED',
  'REVOKED',
  'EXPIRED',
  'PRODUCT_MISMATCH',
  'ENTITLEMENTS_MISSING',
] as const;

export type VerifyCode = (typeof VERIFY_CODES)[number];

export type VerifyResult<T> =
  | { valid: true; code: 'VALID'; detail: string; data: T }
  | { valid: false; code: Exclude<VerifyCode, 'VALID'>; detail: string; data?: T };

export function fail<T>(code: Exclude<VerifyCode, 'VALID'>, detail: string, data?: T): VerifyResult<T> {
  return data === undefined ? { valid: false, code, detail } : { valid: false, code, detail, data };
}

export function ok<T>(data: T, detail = 'Valid.'): VerifyResult<T> {
  return { valid: true, code: 'VALID', detail, data };
}
