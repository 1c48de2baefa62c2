import type { KeyObject } from 'node:crypto';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import { type VerifyResult, fail, ok } from './codes.js';
import { ed25519Sign, ed25519Verify } from './crypto.js';
import { type PublicKeysInput, resolveKeyRing } from './key-ring.js';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, type NowInput, toEpochSeconds } from './time.js';

/** Version 1 of the license key: `BWL1.<base64url(payload JSON)>.<base64url(Ed25519 signature)>`. */
export const LICENSE_KEY_PREFIX = 'BWL1';
/** Longer input is refused before any parsing (a real key is well under 1 KiB). */
export const MAX_LICENSE_KEY_LENGTH = 4096;

export interface LicenseKeyPayload {
  v: 1;
  /** License id (`lic_…`). */
  lid: string;
  tenant: string;
  product: string;
  policy: string;
  entitlements: string[];
  /** Expiry in epoch seconds, or null for a perpetual license. */
  exp: number | null;
  /** null means unlimited. */
  max_machines: number | null;
  iat: number;
  /** Id of the signing key in the JWKS. */
  kid: string;
}

/** The signature covers the ASCII bytes `BWL1.<payload segment>`, so the version cannot be swapped. */
function signingInput(payloadSegment: string): Uint8Array {
  return Buffer.from(`${LICENSE_KEY_PREFIX}.${payloadSegment}`, 'ascii');
}

export function signLicenseKey(payload: LicenseKeyPayload, privateKey: KeyObject): string {
  const segment = encodeBase64url(JSON.stringify(payload));
  const signature = ed25519Sign(privateKey, signingInput(segment));
  return `${LICENSE_KEY_PREFIX}.${segment}.${encodeBase64url(signature)}`;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNullableInt(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isSafeInteger(value));
}

export function isLicenseKeyPayload(value: unknown): value is LicenseKeyPayload {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 &&
    typeof p.lid === 'string' &&
    typeof p.tenant === 'string' &&
    typeof p.product === 'string' &&
    typeof p.policy === 'string' &&
    isStringArray(p.entitlements) &&
    isNullableInt(p.exp) &&
    isNullableInt(p.max_machines) &&
    typeof p.iat === 'number' &&
    Number.isSafeInteger(p.iat) &&
    typeof p.kid === 'string'
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface ParsedLicenseKey {
  payloadSegment: string;
  signature: Uint8Array;
  /** Parsed JSON of the payload, not yet trusted; undefined when it is not JSON. */
  claims: unknown;
}

/**
 * Splits a key without trusting it. `undefined` means it is not shaped like a BWL1 key at all
 * (MALFORMED); a well-shaped key whose payload does not parse can only be a forgery or a corruption,
 * which the caller reports as BAD_SIGNATURE.
 */
export function parseLicenseKey(key: unknown): ParsedLicenseKey | undefined {
  if (typeof key !== 'string' || key.length > MAX_LICENSE_KEY_LENGTH) return undefined;
  const parts = key.trim().split('.');
  if (parts.length !== 3 || parts[0] !== LICENSE_KEY_PREFIX) return undefined;
  const [, payloadSegment = '', signatureSegment = ''] = parts;
  const payloadBytes = decodeBase64url(payloadSegment);
  const signature = decodeBase64url(signatureSegment);
  if (!payloadBytes || payloadBytes.length === 0 || !signature || signature.length !== 64) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(utf8.decode(payloadBytes));
  } catch {
    claims = undefined;
  }
  return { payloadSegment, signature, claims };
}

/** Checks only the signature; used by the online validator, which takes state from its database. */
export function verifyLicenseKeySignature(
  key: unknown,
  publicKeys: PublicKeysInput,
): VerifyResult<LicenseKeyPayload> {
  const parsed = parseLicenseKey(key);
  if (!parsed) return fail('MALFORMED', 'Not a Bulwark license key (expected BWL1.<payload>.<signature>).');
  const kid = (parsed.claims as { kid?: unknown } | undefined)?.kid;
  if (typeof kid !== 'string') return fail('BAD_SIGNATURE', 'The key payload is corrupt.');
  const publicKey = resolveKeyRing(publicKeys).get(kid);
  if (!publicKey)
    return fail('BAD_SIGNATURE', `The key was signed by an unknown key (kid "${kid.slice(0, 64)}").`);
  if (!ed25519Verify(publicKey, signingInput(parsed.payloadSegment), parsed.signature)) {
    return fail('BAD_SIGNATURE', 'The signature does not match the payload.');
  }
  if (!isLicenseKeyPayload(parsed.claims))
    return fail('MALFORMED', 'The signed payload has an unknown shape.');
  return ok(parsed.claims);
}

export interface VerifyLicenseKeyOptions {
  publicKeys: PublicKeysInput;
  now?: NowInput;
  /** Require this product id. */
  product?: string;
  /** Require every one of these entitlements. */
  entitlements?: readonly string[];
  clockToleranceSeconds?: number;
}

/**
 * Offline verification of a license key. Order: MALFORMED → BAD_SIGNATURE → CLOCK_ROLLBACK (the key
 * was issued after "now") → EXPIRED → PRODUCT_MISMATCH → ENTITLEMENTS_MISSING → VALID.
 * A key cannot say whether it was suspended or revoked later: that needs the online validator or a
 * fresh license file.
 */
export function verifyLicenseKey(
  key: unknown,
  options: VerifyLicenseKeyOptions,
): VerifyResult<LicenseKeyPayload> {
  const signed = verifyLicenseKeySignature(key, options.publicKeys);
  if (!signed.valid) return signed;
  const payload = signed.data;
  const now = toEpochSeconds(options.now);
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (now + tolerance < payload.iat) {
    return fail('CLOCK_ROLLBACK', 'The key was issued after the current time: the clock is behind.', payload);
  }
  if (payload.exp !== null && now >= payload.exp) {
    return fail('EXPIRED', `The license expired at ${new Date(payload.exp * 1000).toISOString()}.`, payload);
  }
  if (options.product !== undefined && options.product !== payload.product) {
    return fail('PRODUCT_MISMATCH', 'The license is for another product.', payload);
  }
  const missing = (options.entitlements ?? []).filter((code) => !payload.entitlements.includes(code));
  if (missing.length > 0) {
    return fail('ENTITLEMENTS_MISSING', `The license lacks: ${missing.join(', ')}.`, payload);
  }
  return ok(payload);
}
