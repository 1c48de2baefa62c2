import { hash } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { AuthDeps } from '../context.js';
import type { VerifiedClaims } from '../infra/auth-state.js';
import type { AccessTokenClaims, ActClaim } from './access-token.js';

/** SHA-256 of the exact token string: the heap holds no usable token, and any other byte is another entry. */
function verifiedTokenKey(token: string): string {
  return hash('sha256', token, 'base64');
}

export type VerifyResult = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: string };

const ALGS = new Set(['ES256', 'EdDSA', 'RS256']);
/** Headers that let a token name its own key (RFC 8725 §3.10): never honoured, always refused. */
const KEY_CARRYING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'];

function isActClaim(value: unknown, depth = 0): value is ActClaim {
  if (depth > 10 || typeof value !== 'object' || value === null) return false;
  const act = value as { sub?: unknown; act?: unknown };
  return typeof act.sub === 'string' && (act.act === undefined || isActClaim(act.act, depth + 1));
}

function shapeOk(payload: Record<string, unknown>): payload is Record<string, unknown> & AccessTokenClaims {
  return (
    typeof payload.sub === 'string' &&
    typeof payload.jti === 'string' &&
    typeof payload.client_id === 'string' &&
    typeof payload.tenant_id === 'string' &&
    typeof payload.scope === 'string' &&
    typeof payload.iat === 'number' &&
    typeof payload.exp === 'number' &&
    (payload.act === undefined || isActClaim(payload.act))
  );
}

/**
 * Verifies a Bulwark access token: only our own published keys, only the key's own algorithm,
 * `typ: at+jwt` (RFC 9068 §4), our issuer, not expired, not revoked by jti/agent/user/tenant.
 */
export async function verifyAccessToken(
  deps: Pick<AuthDeps, 'keyring' | 'clock' | 'config' | 'state'>,
  token: string,
  options: {
    audience?: string | string[];
    checkRevocation?: boolean;
    /** The request's change counter: when current, revocation is answered by the in-memory mirror. */
    seq?: number | undefined;
    /**
     * Reuse an earlier verification of exactly this token (`AuthState.verifiedTokens`): a hash and
     * a lookup instead of an ECDSA verification. Revocation is still checked on every call.
     */
    cache?: boolean;
  } = {},
): Promise<VerifyResult> {
  if (token.length > 8192 || token.split('.').length !== 3)
    return { ok: false, reason: 'not a JWS compact token' };
  const cacheKey = options.cache && options.audience === undefined ? verifiedTokenKey(token) : undefined;
  const remembered =
    cacheKey === undefined ? undefined : deps.state.verifiedTokens.get(cacheKey, deps.clock.nowMs());
  const claims =
    remembered && (await stillValid(deps, remembered))
      ? remembered.claims
      : await verifySignedClaims(deps, token, options.audience, cacheKey);
  if (typeof claims === 'string') return { ok: false, reason: claims };
  if (options.checkRevocation !== false) {
    const revoked = await deps.state.isRevoked(
      {
        jti: claims.jti,
        iat: claims.iat,
        agent: claims.act?.sub ?? claims.client_id,
        sub: claims.sub,
        tenant: claims.tenant_id,
      },
      options.seq,
    );
    if (revoked) return { ok: false, reason: 'token revoked' };
  }
  return { ok: true, claims };
}

/**
 * A remembered verification holds only while the token has not expired and its signing key is
 * still published (a retired key takes its tokens with it, exactly as a fresh verification would).
 */
async function stillValid(
  deps: Pick<AuthDeps, 'keyring' | 'clock'>,
  entry: VerifiedClaims,
): Promise<boolean> {
  if (entry.claims.exp <= deps.clock.nowSeconds()) return false;
  const key = await deps.keyring.publishedKey(entry.kid);
  return key !== undefined && key.alg === entry.alg;
}

/** Signature, header rules and claims (everything but revocation); a string is the refusal reason. */
async function verifySignedClaims(
  deps: Pick<AuthDeps, 'keyring' | 'clock' | 'config' | 'state'>,
  token: string,
  audience: string | string[] | undefined,
  cacheKey: string | undefined,
): Promise<AccessTokenClaims | string> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return 'malformed header';
  }
  if (KEY_CARRYING_HEADERS.some((name) => name in header) || header.crit !== undefined) {
    return 'token carries key-selection headers';
  }
  if (typeof header.alg !== 'string' || !ALGS.has(header.alg)) return 'algorithm not accepted';
  if (typeof header.kid !== 'string') return 'no kid';
  const key = await deps.keyring.publishedKey(header.kid);
  if (!key || key.alg !== header.alg) return 'unknown signing key';
  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, key.key, {
      algorithms: [key.alg],
      issuer: deps.config.issuer,
      typ: 'at+jwt',
      currentDate: deps.clock.now(),
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      ...(audience !== undefined ? { audience } : {}),
    });
    payload = verified.payload as Record<string, unknown>;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return 'token expired';
    if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} invalid`;
    return 'signature or format invalid';
  }
  if (!shapeOk(payload)) return 'required claims missing';
  const claims = payload as AccessTokenClaims;
  if (cacheKey !== undefined)
    deps.state.verifiedTokens.set(cacheKey, { claims, kid: key.kid, alg: key.alg }, deps.clock.nowMs());
  return claims;
}
