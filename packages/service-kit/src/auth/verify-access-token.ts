import { DomainError } from '@bulwark/core';
import type { JWSHeaderParameters, JWTPayload } from 'jose';
import { InvalidTokenError } from './auth-errors.js';
import { isBase64url, verifyJwsSignature } from './jws-verify.js';
import { checkAccessTokenClaims, type ClaimPolicy, malformedToken, parseJsonSegment } from './jwt-claims.js';
import type { RemoteJwks } from './remote-jwks.js';

export type AccessTokenAlgorithm = 'ES256' | 'EdDSA' | 'RS256';

export interface DelegationClaim {
  sub: string;
  act?: DelegationClaim;
}

/** RFC 9068 access token claims as Bulwark issues them (DESIGN §4). */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  tenant_id: string;
  scope: string;
  client_id?: string;
  act?: DelegationClaim;
}

export interface VerifyAccessTokenOptions {
  jwks: RemoteJwks;
  issuer: string;
  audiences: string[];
  algorithms: AccessTokenAlgorithm[];
  clockToleranceSeconds: number;
  now?: () => Date;
}

const MAX_TOKEN_LENGTH = 8192;

/**
 * Headers that let a token choose its own verification key or add processing rules. Bulwark never
 * needs them, so any token carrying one is rejected before a key is even looked up (RFC 8725 §3.1,
 * §3.10; RFC 7515 §4.1.2-4.1.6, §4.1.11).
 */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'crit'] as const;

function normalizedTyp(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/**
 * The header's `alg` as the refusal message shows it. Not `String(alg)` for objects: a JSON object
 * whose `toString` member is no function (`{"alg":{"toString":1}}`) makes `String` throw a TypeError,
 * which would surface as a 500 instead of a 401.
 */
function shownAlg(alg: unknown): string {
  if (typeof alg === 'object' && alg !== null) return Array.isArray(alg) ? '[array]' : '[object]';
  return String(alg).slice(0, 20);
}

/** What a protected header that passed every check says: the only two fields verification needs. */
interface AcceptedHeader {
  alg: string;
  kid: unknown;
}

/**
 * Checks the protected header before any key is looked up. Throws on a header that is not acceptable.
 * `encoded` is the first segment of the compact JWS.
 */
function checkHeader(encoded: string, algorithms: ReadonlySet<string>, algList: string): AcceptedHeader {
  if (!isBase64url(encoded)) throw malformedToken();
  const header = parseJsonSegment(encoded);
  for (const name of FORBIDDEN_HEADERS) {
    if (name in header) {
      throw new InvalidTokenError(
        `The access token carries a \`${name}\` header, which is not accepted; request a new token.`,
      );
    }
  }
  if (typeof header.alg !== 'string' || !algorithms.has(header.alg)) {
    throw new InvalidTokenError(
      `The access token is signed with alg "${shownAlg(header.alg)}"; only ${algList} are accepted.`,
    );
  }
  // RFC 9068 §4: resource servers MUST check typ, so an ID token or other JWT cannot pass as an access token.
  if (normalizedTyp(header.typ) !== 'at+jwt') {
    throw new InvalidTokenError('The token is not an access token (its typ header must be at+jwt).');
  }
  return { alg: header.alg, kid: header.kid };
}

/** Distinct headers are few (one per signing key and alg), so a small memo covers every real token. */
const MAX_REMEMBERED_HEADERS = 64;

/** Key lookup failures that are not already a domain answer (e.g. a 503) must still be a 401. */
function unverifiable(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  return new InvalidTokenError('The access token could not be verified; request a new one.', error);
}

/** Verifies one token; created once per configuration by `createAccessTokenVerifier`. */
export type AccessTokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/**
 * Precompiles everything that does not depend on the token: the algorithm set, the claim policy and
 * a memo of protected headers already checked (every token of one signing key carries the
 * byte-identical header segment, so the header is decoded and checked once per key, not per call).
 * Per call: strict segment syntax, the signature with node:crypto's synchronous `verify` over the
 * received `header.payload` bytes (see jws-verify.ts for why not jose's WebCrypto path), then every
 * claim check. With the key already imported, nothing in a call waits on anything.
 */
export function createAccessTokenVerifier(options: VerifyAccessTokenOptions): AccessTokenVerifier {
  const tolerance = options.clockToleranceSeconds;
  // jose refused such a tolerance on every call; compared as is, NaN or Infinity would let expired
  // tokens through (every `exp <= now - tolerance` is false), so it is refused before any token is.
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new Error(`clockToleranceSeconds must be a finite number >= 0 (got ${String(tolerance)})`);
  }
  const algorithms = new Set<string>(options.algorithms);
  const algList = options.algorithms.join(', ');
  const policy: ClaimPolicy = {
    issuer: options.issuer,
    audiences: [...options.audiences],
    toleranceSeconds: tolerance,
  };
  const headers = new Map<string, AcceptedHeader>();
  const jwks = options.jwks;

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) throw malformedToken();
    const firstDot = token.indexOf('.');
    const secondDot = token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) !== -1) throw malformedToken();
    const encodedHeader = token.slice(0, firstDot);
    let header = headers.get(encodedHeader);
    if (!header) {
      header = checkHeader(encodedHeader, algorithms, algList);
      // Forged headers can fill the memo; starting over keeps it small and lets real headers back in.
      if (headers.size >= MAX_REMEMBERED_HEADERS) headers.clear();
      headers.set(encodedHeader, header);
    }
    const encodedPayload = token.slice(firstDot + 1, secondDot);
    const encodedSignature = token.slice(secondDot + 1);
    if (!isBase64url(encodedPayload) || !isBase64url(encodedSignature)) throw malformedToken();
    // The imported key for this kid is reused as is; only an unknown, stale or not yet imported key
    // goes through the resolver (JWKS fetch, cooldown, import).
    let key = typeof header.kid === 'string' ? jwks.cachedKey(header.kid, header.alg) : undefined;
    if (!key) {
      try {
        key = await jwks.getKey(header as unknown as JWSHeaderParameters);
      } catch (error) {
        throw unverifiable(error);
      }
    }
    // All three segments are ASCII (checked above), so latin1 yields exactly the received bytes.
    const signingInput = Buffer.from(token.slice(0, secondDot), 'latin1');
    verifyJwsSignature(header.alg, key, signingInput, Buffer.from(encodedSignature, 'base64url'));
    const claims = parseJsonSegment(encodedPayload);
    checkAccessTokenClaims(claims, policy, options.now ? options.now().getTime() : Date.now());
    return claims as AccessTokenClaims;
  };
}

const verifiers = new WeakMap<VerifyAccessTokenOptions, AccessTokenVerifier>();

/**
 * Verifies an RFC 9068 JWT access token against the issuer's JWKS and returns its claims. Reuses the
 * compiled verifier of the same options object (its values are read once: pass a new object to
 * change them); hot paths hold one from `createAccessTokenVerifier`.
 */
export function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims> {
  let verifier = verifiers.get(options);
  if (!verifier) {
    verifier = createAccessTokenVerifier(options);
    verifiers.set(options, verifier);
  }
  return verifier(token);
}
