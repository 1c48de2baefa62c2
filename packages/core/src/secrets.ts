import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets carry a visible prefix and version (`bwk_v1_…`) so leaked ones are easy to grep for
 * and rotate, and 256 bits of entropy so a fast hash (SHA-256) is enough to store them.
 */
export function generateSecret(prefix: string, version = 1): string {
  return `${prefix}_v${version}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  // One-shot crypto.hash (Node ≥ 20.12): about twice as fast as createHash() for short inputs.
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of a presented secret against a stored SHA-256 hex hash. */
export function verifySecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A short, non-reversible fingerprint of a credential, safe to put into logs and audit events. */
export function credentialIdHash(secret: string): string {
  return hashSecret(secret).slice(0, 16);
}

/** The first characters of a secret, enough for a human to recognise it, never enough to use it. */
export function secretHint(secret: string): string {
  const match = /^([a-z]+_(?:v\d+_)?)(.*)$/.exec(secret);
  const prefix = match?.[1] ?? '';
  const body = match?.[2] ?? secret;
  return `${prefix}${body.slice(0, 4)}…`;
}
