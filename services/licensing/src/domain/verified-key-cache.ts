/** What a verified key says about itself; enough to match it to its database row. */
export interface VerifiedKey {
  lid: string;
  tenant: string;
}

/**
 * Keys whose Ed25519 signature already verified, by SHA-256 of the key (the same hash the licenses
 * table is looked up by). A signature never stops being valid — retired signing keys keep
 * verifying — so an entry needs no expiry; only success is cached, so forgeries cannot fill it.
 * A Map keeps insertion order: re-inserting on a hit makes the first entry the least recently used.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, VerifiedKey>();

  constructor(private readonly maxEntries = 10_000) {}

  get(keyHash: string): VerifiedKey | undefined {
    const hit = this.entries.get(keyHash);
    if (hit === undefined) return undefined;
    this.entries.delete(keyHash);
    this.entries.set(keyHash, hit);
    return hit;
  }

  remember(keyHash: string, key: VerifiedKey): void {
    this.entries.delete(keyHash);
    this.entries.set(keyHash, key);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
