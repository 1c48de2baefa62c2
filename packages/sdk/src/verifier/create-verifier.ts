import {
  type JWTPayload,
  type JWTVerifyGetKey,
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
} from 'jose';
import { BulwarkError } from '../errors.js';
import { HttpClient } from '../http.js';
import { type RevocationFeed, type RevocationFeedOptions, connectRevocationFeed } from './revocation-feed.js';
import { RevocationList } from './revocation-list.js';

export interface ConnectFeedOptions extends RevocationFeedOptions {
  /** A credential with `auth:read` (API key or access token). */
  apiKey: string;
  /** Auth's base URL. Defaults to the issuer. */
  authUrl?: string;
  fetch?: typeof fetch;
}

export interface VerifierOptions {
  /** Expected `iss`, e.g. `http://127.0.0.1:4001`. */
  issuer: string;
  /** Accepted audience(s). */
  audience: string | string[];
  /** Defaults to `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Pinned algorithms. Default ES256, EdDSA, RS256. Never `none` or HS*. */
  algorithms?: string[];
  /** Allowed clock skew in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** Custom key resolver (tests); defaults to a cached remote JWKS. */
  keys?: JWTVerifyGetKey;
}

export interface VerifiedToken {
  claims: JWTPayload & { scope?: string; tenant_id?: string; client_id?: string; act?: ActClaim };
  scopes: string[];
  subject: string;
  tenantId: string;
  /** The agent acting: the outermost `act.sub`, or `client_id` for an agent's own token. */
  agentId: string | undefined;
  /** Outermost (current) actor first. */
  delegationChain: string[];
}

interface ActClaim {
  sub: string;
  act?: ActClaim;
}

const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'crit'];

function reject(message: string, code = 'invalid_token'): never {
  throw new BulwarkError({ message, code, status: 401 });
}

/** True when a granted scope covers a wanted one (`*`, `prefix:*`). */
export function scopeCovers(grant: string, wanted: string): boolean {
  if (grant === wanted || grant === '*') return true;
  return grant.endsWith(':*') && (wanted.startsWith(grant.slice(0, -1)) || wanted === grant.slice(0, -2));
}

/**
 * A resource server's token verifier: strict RFC 9068 / RFC 8725 checks against the issuer's JWKS,
 * plus revocations pushed to `revocations` (see `connectRevocationFeed`).
 */
export function createVerifier(options: VerifierOptions) {
  const keys =
    options.keys ??
    createRemoteJWKSet(
      new URL(options.jwksUrl ?? `${options.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`),
      {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      },
    );
  const algorithms = options.algorithms ?? ['ES256', 'EdDSA', 'RS256'];
  const revocations = new RevocationList();

  async function verify(token: string, check: { scope?: string | string[] } = {}): Promise<VerifiedToken> {
    if (typeof token !== 'string' || token.split('.').length !== 3) reject('The access token is not a JWT.');
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      reject('The access token header cannot be decoded.');
    }
    for (const name of FORBIDDEN_HEADERS) {
      if (name in header) reject(`The access token carries a "${name}" header, which is never trusted.`);
    }
    let payload: VerifiedToken['claims'];
    try {
      const result = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        typ: 'at+jwt',
        clockTolerance: options.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      });
      payload = result.payload as VerifiedToken['claims'];
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const message =
        code === 'ERR_JWT_EXPIRED'
          ? 'The access token has expired; request a new one.'
          : code === 'ERR_JWKS_NO_MATCHING_KEY'
            ? 'The access token was signed by a key the issuer does not publish.'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
              ? `The access token was rejected: ${(error as Error).message}.`
              : 'The access token signature or format is invalid.';
      reject(message);
    }
    if (typeof payload.tenant_id !== 'string') reject('The access token has no tenant_id claim.');
    const chain: string[] = [];
    for (let act = payload.act; act; act = act.act) chain.push(act.sub);
    const subject = payload.sub as string;
    const agentId = chain[0] ?? payload.client_id;
    const revoked = revocations.reason({
      jti: payload.jti as string,
      iat: payload.iat as number,
      sub: subject,
      tenantId: payload.tenant_id,
      agentId,
    });
    if (revoked) reject(revoked);
    const scopes = (payload.scope ?? '').split(' ').filter(Boolean);
    const wanted =
      check.scope === undefined ? [] : Array.isArray(check.scope) ? check.scope : check.scope.split(' ');
    for (const scope of wanted) {
      if (!scopes.some((grant) => scopeCovers(grant, scope))) {
        throw new BulwarkError({
          message: `The token lacks the scope "${scope}".`,
          code: 'insufficient_scope',
          status: 403,
        });
      }
    }
    return { claims: payload, scopes, subject, tenantId: payload.tenant_id, agentId, delegationChain: chain };
  }

  let feed: RevocationFeed | undefined;

  /** Subscribes to auth's revocations (SSE, or snapshot polling) so revoked tokens fail within ~1 s. */
  function connectFeed(feedOptions: ConnectFeedOptions): RevocationFeed {
    feed?.close();
    const http = new HttpClient({
      baseUrl: (feedOptions.authUrl ?? options.issuer).replace(/\/+$/, ''),
      timeoutMs: 10_000,
      retries: 1,
      fetch: feedOptions.fetch ?? globalThis.fetch.bind(globalThis),
      authorization: () => `Bearer ${feedOptions.apiKey}`,
    });
    feed = connectRevocationFeed(http, revocations, feedOptions);
    return feed;
  }

  return {
    verify,
    revocations,
    connectRevocationFeed: connectFeed,
    /** Stops the revocation feed. */
    close(): void {
      feed?.close();
      feed = undefined;
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
