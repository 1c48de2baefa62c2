import { DomainError } from '@bulwark/core';
import { errors, type JWSHeaderParameters, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose';
import { InvalidTokenError } from './auth-errors.js';
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
const MAX_DELEGATION_DEPTH = 10;

/**
 * Headers that let a token choose its own verification key or add processing rules. Bulwark never
 * needs them, so any token carrying one is rejected before a key is even looked up (RFC 8725 §3.1,
 * §3.10; RFC 7515 §4.1.2-4.1.6, §4.1.11).
 */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'crit'] as const;

const malformed = () => new InvalidTokenError('The access token is malformed; request a new one.');

function normalizedTyp(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
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
  let header: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed();
    header = parsed as Record<string, unknown>;
  } catch {
    throw malformed();
  }
  for (const name of FORBIDDEN_HEADERS) {
    if (name in header) {
      throw new InvalidTokenError(
        `The access token carries a \`${name}\` header, which is not accepted; request a new token.`,
      );
    }
  }
  if (typeof header.alg !== 'string' || !algorithms.has(header.alg)) {
    throw new InvalidTokenError(
      `The access token is signed with alg "${String(header.alg).slice(0, 20)}"; only ${algList} are accepted.`,
    );
  }
  // RFC 9068 §4: resource servers MUST check typ, so an ID token or other JWT cannot pass as an access token.
  if (normalizedTyp(header.typ) !== 'at+jwt') {
    throw new InvalidTokenError('The token is not an access token (its typ header must be at+jwt).');
  }
  return { alg: header.alg, kid: header.kid };
}

/** Strict base64url alphabet of a header segment (a header that merely decodes leniently is refused). */
const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;
/** Distinct headers are few (one per signing key and alg), so a small memo covers every real token. */
const MAX_REMEMBERED_HEADERS = 64;

function delegationIsWellFormed(act: unknown, depth = 0): boolean {
  if (act === undefined) return true;
  if (depth >= MAX_DELEGATION_DEPTH || typeof act !== 'object' || act === null) return false;
  const link = act as { sub?: unknown; act?: unknown };
  return typeof link.sub === 'string' && link.sub.length > 0 && delegationIsWellFormed(link.act, depth + 1);
}

function claimProblem(error: errors.JWTClaimValidationFailed): InvalidTokenError {
  if (error.reason === 'missing') {
    return new InvalidTokenError(
      `The access token lacks the required \`${error.claim}\` claim; request a new token.`,
    );
  }
  switch (error.claim) {
    case 'nbf':
      return new InvalidTokenError('The access token is not valid yet (nbf is in the future).');
    case 'iss':
      return new InvalidTokenError('The access token was not issued by the trusted issuer.');
    case 'aud':
      return new InvalidTokenError('The access token is not meant for this service (aud does not match).');
    default:
      return new InvalidTokenError(
        `The access token has an invalid \`${error.claim}\` claim; request a new token.`,
      );
  }
}

function translate(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired)
    return new InvalidTokenError('The access token has expired; request a new one.');
  if (error instanceof errors.JWTClaimValidationFailed) return claimProblem(error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidTokenError('The access token signature is invalid.');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return malformed();
  return new InvalidTokenError('The access token could not be verified; request a new one.', error);
}

function requireString(claims: JWTPayload, name: string): void {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidTokenError(
      `The access token lacks the required \`${name}\` claim; request a new token.`,
    );
  }
}

/** Verifies one token; created once per configuration by `createAccessTokenVerifier`. */
export type AccessTokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/**
 * Precompiles everything that does not depend on the token: jose's options object, the algorithm
 * set, and a memo of protected headers already checked (every token of one signing key carries the
 * byte-identical header segment, so the header is decoded and checked once per key, not per call —
 * jose still parses it itself before verifying the signature). The signature check, `exp`/`nbf`/
 * `iat`/`iss`/`aud`/`typ` and the claim checks run on every call.
 */
export function createAccessTokenVerifier(options: VerifyAccessTokenOptions): AccessTokenVerifier {
  const algorithms = new Set<string>(options.algorithms);
  const algList = options.algorithms.join(', ');
  const tolerance = options.clockToleranceSeconds;
  const baseOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audiences,
    algorithms: options.algorithms,
    clockTolerance: tolerance,
    typ: 'at+jwt',
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
  };
  const headers = new Map<string, AcceptedHeader>();
  const jwks = options.jwks;
  const resolveKey = (header: JWSHeaderParameters) => jwks.getKey(header);

  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) throw malformed();
    const firstDot = token.indexOf('.');
    const secondDot = token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) !== -1) throw malformed();
    const encodedHeader = token.slice(0, firstDot);
    let header = headers.get(encodedHeader);
    if (!header) {
      if (!BASE64URL_SEGMENT.test(encodedHeader)) throw malformed();
      header = checkHeader(encodedHeader, algorithms, algList);
      // Forged headers can fill the memo; starting over keeps it small and lets real headers back in.
      if (headers.size >= MAX_REMEMBERED_HEADERS) headers.clear();
      headers.set(encodedHeader, header);
    }
    const currentDate = options.now?.();
    const verifyOptions = currentDate ? { ...baseOptions, currentDate } : baseOptions;
    // The imported key for this kid is reused as is; only an unknown, stale or not yet imported key
    // goes through the resolver (JWKS fetch, cooldown, import).
    const key = typeof header.kid === 'string' ? jwks.cachedKey(header.kid, header.alg) : undefined;
    let payload: JWTPayload;
    try {
      payload = (
        key ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, resolveKey, verifyOptions)
      ).payload;
    } catch (error) {
      throw translate(error);
    }
    requireString(payload, 'sub');
    requireString(payload, 'jti');
    requireString(payload, 'tenant_id');
    if (typeof payload.scope !== 'string') {
      throw new InvalidTokenError('The access token lacks the required `scope` claim; request a new token.');
    }
    if (payload.client_id !== undefined && typeof payload.client_id !== 'string') {
      throw new InvalidTokenError('The access token has an invalid `client_id` claim.');
    }
    const nowSeconds = (currentDate ? currentDate.getTime() : Date.now()) / 1000;
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + tolerance) {
      throw new InvalidTokenError('The access token was issued in the future (iat); check the issuer clock.');
    }
    if (!delegationIsWellFormed(payload.act)) {
      throw new InvalidTokenError('The access token has a malformed `act` (delegation) claim.');
    }
    return payload as AccessTokenClaims;
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
