import { KeyObject } from 'node:crypto';
import { DomainError } from '@bulwark/core';
import { type CryptoKey, importJWK, type JWK, type JWSHeaderParameters } from 'jose';
import { InvalidTokenError } from './auth-errors.js';

export interface RemoteJwksOptions {
  url: string;
  /** Minimum time between refetches caused by an unknown `kid` (default 30 s). */
  cooldownMs?: number;
  /** Keys older than this are refetched before use (default 10 min), so rotations are picked up. */
  maxAgeMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * jose imports a JWK as a WebCrypto key; the kit verifies with node:crypto's synchronous `verify`,
 * which takes a `KeyObject`. Converting once per imported key keeps any conversion off the per-token
 * path. A key WebCrypto would refuse to verify with (a secret, or `key_ops` without `verify`) is
 * refused here, as jose's own `jwtVerify` would have.
 */
function toVerificationKey(imported: CryptoKey | Uint8Array): KeyObject {
  if (imported instanceof Uint8Array || imported.type !== 'public' || !imported.usages.includes('verify')) {
    throw new Error('the JWKS key is not a public verification key');
  }
  return KeyObject.from(imported as Parameters<typeof KeyObject.from>[0]);
}

/**
 * The issuer's public keys, cached by `kid`. A token with an unknown `kid` triggers at most one
 * refetch per cooldown window, so a flood of tokens with made-up kids cannot turn every service into
 * a load generator against the auth server (RFC 8725 §3.10 spirit; jose's own cache cools down from
 * the last fetch of any kind, which would hide a freshly rotated key for up to the whole window).
 */
export class RemoteJwks {
  private readonly url: string;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private keys = new Map<string, JWK>();
  private imported = new Map<string, Promise<KeyObject>>();
  /** Keys whose import has finished, by `kid\0alg`: the synchronous fast path of `cachedKey`. */
  private ready = new Map<string, KeyObject>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastUnknownKidRefetchAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(options: RemoteJwksOptions) {
    this.url = options.url;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The already imported key for `kid` + `alg`, or undefined when the key set is stale, the kid is
   * unknown or the key is not imported yet (then `getKey` does the full work). Verification of the
   * usual token costs no promise, no JWK lookup and no import: the imported key object is reused.
   */
  cachedKey(kid: string, alg: string): KeyObject | undefined {
    if (this.now() - this.fetchedAt > this.maxAgeMs) return undefined;
    return this.ready.get(`${kid}\u0000${alg}`);
  }

  /** Resolves the public key matching the header's `kid` and `alg` (fetching/importing as needed). */
  async getKey(header: JWSHeaderParameters): Promise<KeyObject> {
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 200) {
      throw new InvalidTokenError('The access token has no usable `kid` header; request a new token.');
    }
    if (this.keys.size === 0 || this.now() - this.fetchedAt > this.maxAgeMs) {
      await this.refreshKeepingStale();
    }
    let jwk = this.keys.get(kid);
    if (!jwk && this.inflight) {
      // A refetch is already under way (typically: a concurrent request met the same freshly rotated
      // kid); its answer is the one to wait for, not a refusal because the cooldown just started.
      await this.inflight.catch(() => undefined);
      jwk = this.keys.get(kid);
    }
    if (!jwk && this.now() - this.lastUnknownKidRefetchAt >= this.cooldownMs) {
      this.lastUnknownKidRefetchAt = this.now();
      await this.refreshKeepingStale();
      jwk = this.keys.get(kid);
    }
    if (!jwk) {
      throw new InvalidTokenError(
        'The access token was signed with an unknown key (kid); request a new token.',
      );
    }
    if ((jwk.alg !== undefined && jwk.alg !== header.alg) || (jwk.use !== undefined && jwk.use !== 'sig')) {
      throw new InvalidTokenError(
        "The access token's alg does not match its signing key; request a new token.",
      );
    }
    const cacheKey = `${kid}\u0000${header.alg}`;
    let key = this.imported.get(cacheKey);
    if (!key) {
      const ready = this.ready;
      key = importJWK(jwk, header.alg).then(toVerificationKey);
      key.then(
        (imported) => {
          // Only if no refetch replaced the key set meanwhile (a rotated-out key must not come back).
          if (this.ready === ready) ready.set(cacheKey, imported);
        },
        () => this.imported.delete(cacheKey),
      );
      this.imported.set(cacheKey, key);
    }
    try {
      return await key;
    } catch (error) {
      throw new InvalidTokenError("The access token's signing key cannot be used with its alg.", error);
    }
  }

  /** Fetch failures keep the last good key set; with none at all the service cannot verify anything. */
  private async refreshKeepingStale(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      if (this.keys.size === 0) {
        throw new DomainError(
          'unavailable',
          'The signing keys could not be fetched from the auth service; retry shortly.',
          {
            cause: error,
          },
        );
      }
    }
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    const response = await fetch(this.url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS response has no `keys` array');
    const keys = new Map<string, JWK>();
    for (const candidate of body.keys as JWK[]) {
      // Only public signing keys with a kid; a private member here would be an issuer bug, never trusted.
      if (typeof candidate?.kid !== 'string' || 'd' in candidate) continue;
      keys.set(candidate.kid, candidate);
    }
    this.keys = keys;
    this.imported = new Map();
    this.ready = new Map();
    this.fetchedAt = this.now();
  }
}
