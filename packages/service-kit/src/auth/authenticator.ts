import {
  type Actor,
  type AgentActor,
  DomainError,
  UnauthenticatedError,
  type UserActor,
} from '@bulwark/core';
import { ApiKeyResolver, looksLikeApiKey } from './api-key-resolver.js';
import { InvalidTokenError } from './auth-errors.js';
import { type AuthOptions, checkAuthOptions, DEFAULT_ALGORITHMS } from './auth-options.js';
import { actorFromClaims, agentOfClaims } from './claims-to-actor.js';
import { RemoteJwks } from './remote-jwks.js';
import { RevocationCache, type RevocationLogger } from './revocation-cache.js';
import { type VerifiedToken, VerifiedTokenCache } from './verified-token-cache.js';
import { createAccessTokenVerifier } from './verify-access-token.js';

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER = /^Bearer +(.+)$/i;

const REVOKED_DETAIL: Record<string, string> = {
  jti: 'The access token has been revoked; request a new one.',
  agent: 'The access token was revoked together with every token of its agent; request a new one.',
  user: 'The access token was revoked together with every token of its user; request a new one.',
  tenant: 'The access token was revoked by a tenant-wide kill switch.',
};

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Actor>;
  /**
   * Synchronous fast path: the actor of an already verified, still cached token — revocation checked
   * as on every request (throws when revoked) — or `undefined` when `authenticate` must decide.
   * Optional: an authenticator without a cache simply leaves it out.
   */
  authenticateCached?(authorization: string | undefined): Actor | undefined;
  /** Resolves once revocations are loaded (or after `revocationStartWaitMs`, whichever is first). */
  start(): Promise<void>;
  /** Undefined when ready, else why not (for /readyz). */
  notReadyReason(): string | undefined;
  close(): Promise<void>;
  readonly revocations: RevocationCache | undefined;
  /** Undefined when `verifiedTokenCache: false`. */
  readonly tokenCache?: VerifiedTokenCache | undefined;
}

const BEARER_PREFIX = 'Bearer ';

/**
 * The credential of `Bearer <credential>` in the exact form clients send, without the regexes: only
 * used to look the credential up among already verified tokens, where an exact match is proof that it
 * is well formed. Anything else (other casing, extra spaces, API keys) goes through `bearerCredential`.
 */
function plainBearer(authorization: string | undefined): string | undefined {
  if (authorization === undefined || !authorization.startsWith(BEARER_PREFIX)) return undefined;
  const credential = authorization.slice(BEARER_PREFIX.length);
  return looksLikeApiKey(credential) ? undefined : credential;
}

/** Pulls the credential out of `Authorization: Bearer …` (RFC 6750 §2.1). */
export function bearerCredential(authorization: string | undefined): string {
  if (!authorization) throw new UnauthenticatedError();
  const match = BEARER.exec(authorization.trim());
  if (!match?.[1]) {
    throw new UnauthenticatedError('Send the credential as `Authorization: Bearer <token or API key>`.');
  }
  const credential = match[1];
  if (!B64TOKEN.test(credential)) throw new InvalidTokenError('The bearer credential is malformed.');
  return credential;
}

/**
 * One actor object is shared by every request that presents the same cached token, so it is frozen:
 * a route that tried to change it would otherwise change it for the next caller too.
 */
function freezeActor(actor: UserActor | AgentActor): VerifiedToken['actor'] {
  Object.freeze(actor.scopes);
  if (actor.type === 'agent') {
    for (const link of actor.delegationChain) Object.freeze(link);
    Object.freeze(actor.delegationChain);
    if (actor.onBehalfOf) Object.freeze(actor.onBehalfOf);
  }
  return Object.freeze(actor);
}

export function createAuthenticator(options: AuthOptions, logger: RevocationLogger): Authenticator {
  checkAuthOptions(options);
  const jwks = new RemoteJwks({
    url: options.jwksUrl,
    ...(options.jwksCooldownMs !== undefined && { cooldownMs: options.jwksCooldownMs }),
    ...(options.jwksMaxAgeMs !== undefined && { maxAgeMs: options.jwksMaxAgeMs }),
  });
  const apiKeys = new ApiKeyResolver({
    introspectionUrl: options.introspectionUrl,
    ...(options.apiKeyPositiveTtlMs !== undefined && { positiveTtlMs: options.apiKeyPositiveTtlMs }),
    ...(options.apiKeyNegativeTtlMs !== undefined && { negativeTtlMs: options.apiKeyNegativeTtlMs }),
  });
  const revocations = options.redis
    ? new RevocationCache({ redisUrl: options.redis.url, prefix: options.redis.prefix, logger })
    : undefined;
  revocations?.onRevocation((message) => {
    if (message.kind === 'tenant') apiKeys.forgetTenant(message.value);
  });
  const verify = createAccessTokenVerifier({
    jwks,
    issuer: options.issuer,
    audiences: options.audiences,
    algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 5,
  });
  const tokenCache =
    options.verifiedTokenCache === false ? undefined : new VerifiedTokenCache(options.verifiedTokenCache);

  // Fail closed until the revocation list is known: a fresh instance must not honour a killed token.
  const requireRevocationsLoaded = () => {
    if (revocations && !revocations.synced) {
      throw new DomainError('unavailable', 'The revocation list is not loaded yet; retry shortly.');
    }
  };

  let closed = false;
  // Keeps trying in the background while Redis is unreachable at boot; /readyz says so meanwhile.
  const startRevocations = async (cache: RevocationCache): Promise<void> => {
    while (!closed) {
      try {
        await cache.start();
        return;
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'revocation cache failed to start; retrying');
        await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
      }
    }
  };

  // Cached or not, every request is checked against the current revocation state.
  const admit = (verified: VerifiedToken): VerifiedToken['actor'] => {
    requireRevocationsLoaded();
    const revokedBy = revocations?.revokedBy(verified.revocation);
    if (revokedBy)
      throw new InvalidTokenError(REVOKED_DETAIL[revokedBy] ?? 'The access token has been revoked.');
    return verified.actor;
  };

  return {
    revocations,
    tokenCache,
    authenticateCached(authorization) {
      if (!tokenCache) return undefined;
      const credential = plainBearer(authorization);
      const verified = credential === undefined ? undefined : tokenCache.get(credential);
      return verified && admit(verified);
    },
    async authenticate(authorization) {
      const plain = tokenCache ? plainBearer(authorization) : undefined;
      const cached = plain === undefined ? undefined : tokenCache?.get(plain);
      if (cached) return admit(cached);
      const credential = bearerCredential(authorization);
      if (looksLikeApiKey(credential)) {
        requireRevocationsLoaded();
        return apiKeys.resolve(credential);
      }
      // A header in another spelling (`bearer`, extra spaces) still finds the token it carries.
      const verified = credential === plain ? undefined : tokenCache?.get(credential);
      if (verified) return admit(verified);
      const claims = await verify(credential);
      const fresh: VerifiedToken = {
        actor: freezeActor(actorFromClaims(claims)),
        revocation: {
          jti: claims.jti,
          iat: claims.iat,
          tenantId: claims.tenant_id,
          agentId: agentOfClaims(claims),
          userId: claims.sub,
        },
      };
      const actor = admit(fresh);
      tokenCache?.remember(credential, fresh, claims.exp);
      return actor;
    },
    async start() {
      if (!revocations) return;
      const waitMs = options.revocationStartWaitMs ?? 5_000;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      await Promise.race([startRevocations(revocations), timeout]);
      clearTimeout(timer);
    },
    notReadyReason() {
      return revocations && !revocations.synced ? 'revocations' : undefined;
    },
    async close() {
      closed = true;
      tokenCache?.clear();
      await revocations?.close();
    },
  };
}
