import { isUtf8 } from 'node:buffer';
import { InvalidTokenError } from './auth-errors.js';

/**
 * Claim checks of an access token whose signature has been verified. The registered claims follow
 * jose's `jwtVerify` rules exactly (presence order, `iss`/`aud` matching, `nbf`/`exp` against whole
 * seconds with the clock tolerance) for every token the issuer can produce; where the kit differs it is
 * stricter (no UTF-8 BOM, no whitespace or `=` padding in a segment, only string `aud` members). The
 * Bulwark claims (RFC 9068 §2.2, DESIGN §4) follow.
 */

export interface ClaimPolicy {
  issuer: string;
  audiences: readonly string[];
  toleranceSeconds: number;
}

const MAX_DELEGATION_DEPTH = 10;

/** jose's presence-check order for `requiredClaims` iss, sub, aud, exp, iat, jti plus issuer/audience. */
const REQUIRED_CLAIMS = ['iss', 'aud', 'jti', 'iat', 'exp', 'sub'] as const;

export const malformedToken = () =>
  new InvalidTokenError('The access token is malformed; request a new one.');

const missing = (name: string) =>
  new InvalidTokenError(`The access token lacks the required \`${name}\` claim; request a new token.`);
const invalid = (name: string) =>
  new InvalidTokenError(`The access token has an invalid \`${name}\` claim; request a new token.`);

/**
 * Decodes an (already strictly base64url) JWS segment — the protected header or the claims — into a
 * JSON object, or throws malformed.
 */
export function parseJsonSegment(segment: string): Record<string, unknown> {
  const bytes = Buffer.from(segment, 'base64url');
  // Buffer's decoder would turn invalid UTF-8 into U+FFFD where jose's strict decoder refuses it.
  if (!isUtf8(bytes)) throw malformedToken();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw malformedToken();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformedToken();
  return parsed as Record<string, unknown>;
}

function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud);
  // Stricter than jose, which ignores non-string members: RFC 7519 §4.1.3 allows only strings.
  if (!Array.isArray(aud) || !aud.every((member) => typeof member === 'string')) return false;
  return audiences.some((audience) => aud.includes(audience));
}

/** A numeric-date claim that is present must be a number (jose: "must be a number" → invalid). */
function numericDate(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw invalid(name);
  return value;
}

function checkRegisteredClaims(claims: Record<string, unknown>, policy: ClaimPolicy, nowMs: number): void {
  for (const name of REQUIRED_CLAIMS) {
    if (!Object.hasOwn(claims, name)) throw missing(name);
  }
  if (claims.iss !== policy.issuer) {
    throw new InvalidTokenError('The access token was not issued by the trusted issuer.');
  }
  if (!audienceMatches(claims.aud, policy.audiences)) {
    throw new InvalidTokenError('The access token is not meant for this service (aud does not match).');
  }
  const now = Math.floor(nowMs / 1000);
  // A clock that is no finite time (an invalid Date from `now`) makes every comparison below false,
  // which would accept any exp; jose refused then too.
  if (!Number.isFinite(now)) {
    throw new InvalidTokenError('The access token could not be verified; request a new one.');
  }
  const tolerance = policy.toleranceSeconds;
  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > now + tolerance) {
    throw new InvalidTokenError('The access token is not valid yet (nbf is in the future).');
  }
  const exp = numericDate(claims, 'exp');
  if (exp !== undefined && exp <= now - tolerance) {
    throw new InvalidTokenError('The access token has expired; request a new one.');
  }
}

function requireString(claims: Record<string, unknown>, name: string): void {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0) throw missing(name);
}

function delegationIsWellFormed(act: unknown, depth = 0): boolean {
  if (act === undefined) return true;
  if (depth >= MAX_DELEGATION_DEPTH || typeof act !== 'object' || act === null) return false;
  const link = act as { sub?: unknown; act?: unknown };
  return typeof link.sub === 'string' && link.sub.length > 0 && delegationIsWellFormed(link.act, depth + 1);
}

/** Throws an InvalidTokenError naming the first claim that makes the token unacceptable at `nowMs`. */
export function checkAccessTokenClaims(
  claims: Record<string, unknown>,
  policy: ClaimPolicy,
  nowMs: number,
): void {
  checkRegisteredClaims(claims, policy, nowMs);
  requireString(claims, 'sub');
  requireString(claims, 'jti');
  requireString(claims, 'tenant_id');
  if (typeof claims.scope !== 'string') throw missing('scope');
  // RFC 9068 §2.2 requires client_id, and every Bulwark token carries it (DESIGN §4).
  requireString(claims, 'client_id');
  if (typeof claims.iat !== 'number' || claims.iat > nowMs / 1000 + policy.toleranceSeconds) {
    throw new InvalidTokenError('The access token was issued in the future (iat); check the issuer clock.');
  }
  if (!delegationIsWellFormed(claims.act)) {
    throw new InvalidTokenError('The access token has a malformed `act` (delegation) claim.');
  }
}
