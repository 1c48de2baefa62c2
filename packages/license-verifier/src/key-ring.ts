import { type OkpJwk, type PublicKeyHandle, importEd25519PublicJwk } from './crypto.js';

export interface Jwks {
  keys: unknown[];
}

/** Public keys by `kid`, imported once. Verifying with a KeyRing skips the JWK import per call. */
export interface KeyRing {
  readonly kind: 'bulwark-key-ring';
  get(kid: string): PublicKeyHandle | undefined;
  readonly kids: readonly string[];
}

export type PublicKeysInput = Jwks | readonly unknown[] | KeyRing;

function isOkpEd25519(jwk: unknown): jwk is OkpJwk & { kid: string } {
  if (jwk === null || typeof jwk !== 'object') return false;
  const candidate = jwk as Record<string, unknown>;
  return (
    candidate.kty === 'OKP' &&
    candidate.crv === 'Ed25519' &&
    typeof candidate.x === 'string' &&
    typeof candidate.kid === 'string' &&
    candidate.kid.length > 0
  );
}

/** Builds a KeyRing from a JWKS (`{ keys: [...] }`) or a JWK array. Keys other than OKP/Ed25519 are skipped. */
export function createKeyRing(input: Jwks | readonly unknown[]): KeyRing {
  const list = Array.isArray(input) ? input : ((input as Jwks).keys ?? []);
  const byKid = new Map<string, PublicKeyHandle>();
  for (const jwk of list) {
    if (!isOkpEd25519(jwk)) continue;
    try {
      byKid.set(jwk.kid, importEd25519PublicJwk(jwk));
    } catch {
      // A broken key in a JWKS must not stop the good ones from verifying.
    }
  }
  return { kind: 'bulwark-key-ring', get: (kid) => byKid.get(kid), kids: [...byKid.keys()] };
}

const imported = new WeakMap<object, KeyRing>();

/** Accepts a KeyRing, a JWKS or a JWK array; plain inputs are imported once and cached per object. */
export function resolveKeyRing(input: PublicKeysInput): KeyRing {
  if ((input as KeyRing).kind === 'bulwark-key-ring') return input as KeyRing;
  const cached = imported.get(input);
  if (cached) return cached;
  const ring = createKeyRing(input as Jwks | readonly unknown[]);
  imported.set(input, ring);
  return ring;
}
