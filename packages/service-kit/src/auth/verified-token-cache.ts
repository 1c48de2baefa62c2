import type { AgentActor, UserActor } from '@bulwark/core';
import type { RevocationSubject } from './revocation-cache.js';

export interface VerifiedTokenCacheOptions {
  /** Upper bound on remembered tokens (default 10,000); the least recently used one goes first. */
  maxEntries?: number;
  /** Longest time one verification is reused (default 60 s); never past the token's own `exp`. */
  maxAgeMs?: number;
  now?: () => number;
}

/** What a successful verification yields: the actor, and what the revocation check needs. */
export interface VerifiedToken {
  actor: UserActor | AgentActor;
  revocation: RevocationSubject;
}

interface Entry {
  /** The exact verified token: a hit needs the presented string to be equal to it, byte for byte. */
  token: string;
  verified: VerifiedToken;
  /** Epoch ms after which the entry is void: min(verified at + maxAge, exp). */
  expiresAt: number;
  /** Value of the cache's insertion counter when the entry was last (re)inserted. */
  order: number;
}

export interface VerifiedTokenCacheStats {
  size: number;
  hits: number;
  misses: number;
}

/**
 * Entries are found by the token's last 32 characters (inside its signature for every JWS we
 * accept), then confirmed by comparing the whole token. Hashing only a short suffix instead of a
 * SHA-256 of ~700 characters is what makes a hit cheap; the full comparison keeps it exact.
 */
const BUCKET_CHARS = 32;

function bucketOf(token: string): string {
  return token.length > BUCKET_CHARS ? token.slice(-BUCKET_CHARS) : token;
}

/**
 * Remembers tokens whose signature and claims have been verified, so a client presenting the same
 * token again costs a short map lookup and a string comparison instead of an ECDSA verification.
 * Only the verification is cached: the caller still runs the revocation check on every request (a
 * kill switch is not delayed by this cache). A token differing in any byte is never a hit. Bounded,
 * least-recently-used eviction (approximate: a hit moves an entry to the young end only once it has
 * aged past half the bound, so a repeated token costs no map rewrite; an entry used within the last
 * `maxEntries / 2` insertions is never the one evicted). Failures are never remembered.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly refreshDistance: number;
  private readonly now: () => number;
  private insertions = 0;
  private hits = 0;
  private misses = 0;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.refreshDistance = this.maxEntries / 2;
    this.now = options.now ?? Date.now;
    if (!(this.maxEntries >= 1) || !(this.maxAgeMs >= 0)) {
      throw new Error('verifiedTokenCache needs maxEntries >= 1 and maxAgeMs >= 0 (or pass false)');
    }
  }

  /** The earlier verification of exactly this token, if still within its lifetime. */
  get(token: string): VerifiedToken | undefined {
    const bucket = bucketOf(token);
    const entry = this.entries.get(bucket);
    if (entry === undefined || entry.token !== token) {
      this.misses++;
      return undefined;
    }
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(bucket);
      this.misses++;
      return undefined;
    }
    if (this.insertions - entry.order >= this.refreshDistance) {
      // Re-insert to mark as recently used (Map iterates in insertion order).
      this.entries.delete(bucket);
      entry.order = ++this.insertions;
      this.entries.set(bucket, entry);
    }
    this.hits++;
    return entry.verified;
  }

  /** `expSeconds` is the token's `exp`: the entry dies then at the latest, whatever the clock tolerance. */
  remember(token: string, verified: VerifiedToken, expSeconds: number): void {
    const now = this.now();
    const expiresAt = Math.min(now + this.maxAgeMs, expSeconds * 1000);
    if (expiresAt <= now) return;
    const bucket = bucketOf(token);
    if (this.entries.has(bucket)) {
      this.entries.delete(bucket);
    } else if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(bucket, { token, verified, expiresAt, order: ++this.insertions });
  }

  stats(): VerifiedTokenCacheStats {
    return { size: this.entries.size, hits: this.hits, misses: this.misses };
  }

  clear(): void {
    this.entries.clear();
  }
}
