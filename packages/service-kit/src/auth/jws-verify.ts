import { type KeyObject, type VerifyKeyObjectInput, verify } from 'node:crypto';
import { InvalidTokenError } from './auth-errors.js';

/**
 * Signature check of a compact JWS with node:crypto's synchronous `verify`. jose's `jwtVerify` goes
 * through WebCrypto in Node, which for one ES256 token costs about twice the latency and adds
 * main-thread argument normalisation plus a libuv round trip; `verify` does the same check in one
 * call. jose still imports the keys (`RemoteJwks`); only the verification itself is done here.
 */

/** Strict base64url (no padding, no `+`/`/`, no whitespace): `Buffer.from` would accept far more. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A length of 4n+1 characters encodes no whole byte; base64 decoders refuse it, Buffer drops it. */
export function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

/** How one key verifies: prepared once per key, since the key type never changes. */
interface KeyVerifier {
  alg: string;
  /** `verify`'s digest argument: `null` for Ed25519, which hashes internally. */
  hash: 'sha256' | null;
  input: KeyObject | VerifyKeyObjectInput;
  /** Exact signature length when the algorithm fixes it (ES256: r‖s, 32 bytes each). */
  signatureLength?: number;
}

const MIN_RSA_BITS = 2048; // RFC 7518 §3.3, as jose enforces

function keyVerifierFor(key: KeyObject): KeyVerifier | undefined {
  if (key.type !== 'public') return undefined;
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return undefined;
      return { alg: 'ES256', hash: 'sha256', input: { key, dsaEncoding: 'ieee-p1363' }, signatureLength: 64 };
    case 'ed25519':
      return { alg: 'EdDSA', hash: null, input: key, signatureLength: 64 };
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength;
      if (typeof bits !== 'number' || bits < MIN_RSA_BITS) return undefined;
      return { alg: 'RS256', hash: 'sha256', input: key }; // PKCS#1 v1.5 is node's RSA default
    }
    default:
      return undefined;
  }
}

/** Keys live as long as the JWKS cache holds them; the weak map forgets rotated-out ones with them. */
const verifiers = new WeakMap<KeyObject, KeyVerifier | null>();

/**
 * Throws an InvalidTokenError unless `signature` is a valid `alg` signature of `signingInput` by
 * `key`. The key's type must be the one `alg` names (EC P-256, Ed25519, RSA ≥ 2048 bits), so a
 * token cannot choose how its signature is checked.
 */
export function verifyJwsSignature(
  alg: string,
  key: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): void {
  let verifier = verifiers.get(key);
  if (verifier === undefined) {
    verifier = keyVerifierFor(key) ?? null;
    verifiers.set(key, verifier);
  }
  if (verifier === null || verifier.alg !== alg) {
    throw new InvalidTokenError("The access token's signing key cannot be used with its alg.");
  }
  if (verifier.signatureLength !== undefined && signature.length !== verifier.signatureLength) {
    throw new InvalidTokenError('The access token signature is invalid.');
  }
  let valid = false;
  try {
    valid = verify(verifier.hash, signingInput, verifier.input, signature);
  } catch {
    // A signature node cannot even parse is as invalid as a wrong one.
  }
  if (!valid) throw new InvalidTokenError('The access token signature is invalid.');
}
