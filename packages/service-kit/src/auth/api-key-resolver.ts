import { createHash } from 'node:crypto';
import { type ApiKeyActor, credentialIdHash, DomainError, parseScope } from '@bulwark/core';
import { InvalidTokenError } from './auth-errors.js';

export interface ApiKeyResolverOptions {
  introspectionUrl: string;
  /** How long an active answer is reused (default 10 s): bounds how late a key revocation is seen. */
  positiveTtlMs?: number;
  /** How long an inactive answer is reused (default 2 s): absorbs retries of a bad key cheaply. */
  negativeTtlMs?: number;
  maxEntries?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface CacheEntry {
  expiresAt: number;
  actor: ApiKeyActor | undefined;
}

/** `bwk_v1_<43 base64url>` (core's generateSecret); anything else never reaches the network. */
const API_KEY_FORMAT = /^bwk_v\d{1,3}_[A-Za-z0-9_-]{43}$/;

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('bwk_');
}

const revokedOrUnknown = () =>
  new InvalidTokenError('The API key is not valid (unknown, revoked or expired); use an active key.');

/**
 * Resolves `bwk_…` keys through RFC 7662 introspection at the auth service (docs/contracts.md),
 * caching both answers briefly. The cache is keyed by SHA-256 of the key, so a heap dump never holds
 * a usable key; concurrent lookups of the same key share one request.
 */
export class ApiKeyResolver {
  private readonly options: Required<Omit<ApiKeyResolverOptions, 'now'>> & { now: () => number };
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<ApiKeyActor | undefined>>();

  constructor(options: ApiKeyResolverOptions) {
    this.options = {
      positiveTtlMs: 10_000,
      negativeTtlMs: 2_000,
      maxEntries: 10_000,
      timeoutMs: 5_000,
      now: Date.now,
      ...options,
    };
  }

  async resolve(key: string): Promise<ApiKeyActor> {
    if (!API_KEY_FORMAT.test(key))
      throw new InvalidTokenError('The API key is malformed; check that it was copied whole.');
    const cacheKey = createHash('sha256').update(key).digest('hex');
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > this.options.now()) {
      if (!cached.actor) throw revokedOrUnknown();
      return cached.actor;
    }
    let pending = this.inflight.get(cacheKey);
    if (!pending) {
      pending = this.introspect(key, cacheKey).finally(() => this.inflight.delete(cacheKey));
      this.inflight.set(cacheKey, pending);
    }
    const actor = await pending;
    if (!actor) throw revokedOrUnknown();
    return actor;
  }

  /** Drops cached keys of a tenant, so a tenant kill switch reaches API keys without waiting for the TTL. */
  forgetTenant(tenantId: string): void {
    for (const [cacheKey, entry] of this.cache) {
      if (entry.actor?.tenantId === tenantId) this.cache.delete(cacheKey);
    }
  }

  private remember(cacheKey: string, actor: ApiKeyActor | undefined, ttlMs: number): void {
    if (this.cache.size >= this.options.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(cacheKey, { actor, expiresAt: this.options.now() + ttlMs });
  }

  private async introspect(key: string, cacheKey: string): Promise<ApiKeyActor | undefined> {
    let response: Response;
    try {
      response = await fetch(this.options.introspectionUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token: key }).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new DomainError(
        'unavailable',
        'The auth service could not be reached to check the API key; retry shortly.',
        {
          cause: error,
        },
      );
    }
    // The key authenticates its own introspection call, so a 401 there means the key itself is bad.
    if (response.status === 401) {
      this.remember(cacheKey, undefined, this.options.negativeTtlMs);
      return undefined;
    }
    if (!response.ok) {
      throw new DomainError(
        'unavailable',
        `The auth service answered ${response.status} while checking the API key.`,
      );
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const valid =
      body.active === true &&
      body.token_type === 'api_key' &&
      typeof body.tenant_id === 'string' &&
      typeof body.sub === 'string' &&
      typeof body.scope === 'string';
    if (!valid) {
      this.remember(cacheKey, undefined, this.options.negativeTtlMs);
      return undefined;
    }
    const actor: ApiKeyActor = {
      type: 'api_key',
      id: body.sub as string,
      tenantId: body.tenant_id as string,
      scopes: parseScope(body.scope as string),
      credentialIdHash: credentialIdHash(key),
    };
    const untilExpiry =
      typeof body.exp === 'number' ? body.exp * 1000 - this.options.now() : Number.POSITIVE_INFINITY;
    this.remember(cacheKey, actor, Math.max(0, Math.min(this.options.positiveTtlMs, untilExpiry)));
    return actor;
  }
}
