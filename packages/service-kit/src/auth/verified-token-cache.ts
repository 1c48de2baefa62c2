import { hash } from 'node:crypto';
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
  verified: VerifiedToken;
  /** Epoch ms after which the entry is void: min(verified at + maxAge, exp). */
  expiresAt: number;
}

export interface VerifiedTokenCacheStats {
  size: number;
  hits: number;
  misses: number;
}

/**
 * Remembers tokens whose signature and claims have been verified, so a client presenting the same
 * token again costs a hash and a map lookup instead of an ECDSA verification. Only the verification
 * is cached: the caller still runs the revocation check on every request (a kill switch is not
 * delayed by this cache). Keys are SHA-256 of the exact token string, so the heap never holds a
 * usable token and a token differing in any byte is a different entry. Bounded LRU.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
    if (!(this.maxEntries >= 1) || !(this.maxAgeMs >= 0)) {
      throw new Error('verifiedTokenCache needs maxEntries >= 1 and maxAgeMs >= 0 (or pass false)');
    }
  }

  static keyOf(token: string): string {
    return hash('sha256', token, 'base64');
  }

  /** The earlier verification of exactly this token, if still within its lifetime. */
  get(key: string): VerifiedToken | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Re-insert to mark as most recently used (Map iterates in insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.verified;
  }

  /** `expSeconds` is the token's `exp`: the entry dies then at the latest, whatever the clock tolerance. */
  remember(key: string, verified: VerifiedToken, expSeconds: number): void {
    const now = this.now();
    const expiresAt = Math.min(now + this.maxAgeMs, expSeconds * 1000);
    if (expiresAt <= now) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { verified, expiresAt });
  }

  stats(): VerifiedTokenCacheStats {
    return { size: this.entries.size, hits: this.hits, misses: this.misses };
  }

  clear(): void {
    this.entries.clear();
  }
}
