import { DomainError } from '@bulwark/core';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
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

function checkHeader(token: string, algorithms: AccessTokenAlgorithm[]): void {
  if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw malformed();
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
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
  if (typeof header.alg !== 'string' || !(algorithms as string[]).includes(header.alg)) {
    throw new InvalidTokenError(
      `The access token is signed with alg "${String(header.alg).slice(0, 20)}"; only ${algorithms.join(', ')} are accepted.`,
    );
  }
  // RFC 9068 §4: resource servers MUST check typ, so an ID token or other JWT cannot pass as an access token.
  if (normalizedTyp(header.typ) !== 'at+jwt') {
    throw new InvalidTokenError('The token is not an access token (its typ header must be at+jwt).');
  }
}

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

/** Verifies an RFC 9068 JWT access token against the issuer's JWKS and returns its claims. */
export async function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims> {
  checkHeader(token, options.algorithms);
  const currentDate = options.now?.() ?? new Date();
  let payload: JWTPayload;
  try {
    const result = await jwtVerify(token, (header) => options.jwks.getKey(header), {
      issuer: options.issuer,
      audience: options.audiences,
      algorithms: options.algorithms,
      clockTolerance: options.clockToleranceSeconds,
      typ: 'at+jwt',
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
      currentDate,
    });
    payload = result.payload;
  } catch (error) {
    throw translate(error);
  }
  for (const name of ['sub', 'jti', 'tenant_id']) requireString(payload, name);
  if (typeof payload.scope !== 'string') {
    throw new InvalidTokenError('The access token lacks the required `scope` claim; request a new token.');
  }
  if (payload.client_id !== undefined && typeof payload.client_id !== 'string') {
    throw new InvalidTokenError('The access token has an invalid `client_id` claim.');
  }
  const nowSeconds = currentDate.getTime() / 1000;
  if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + options.clockToleranceSeconds) {
    throw new InvalidTokenError('The access token was issued in the future (iat); check the issuer clock.');
  }
  if (!delegationIsWellFormed(payload.act)) {
    throw new InvalidTokenError('The access token has a malformed `act` (delegation) claim.');
  }
  return payload as AccessTokenClaims;
}
