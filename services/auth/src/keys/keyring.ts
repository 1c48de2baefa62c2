import { createPrivateKey, type KeyObject, randomBytes } from 'node:crypto';
import { type CryptoKey, exportJWK, exportPKCS8, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Clock } from '@bulwark/core';
import type { Pool, TxClient } from '../infra/db-types.js';
import { withTransaction as withTx } from '@bulwark/db';
import {
  insertSigningKey,
  listSigningKeys,
  lockKeyMaintenance,
  type SigningAlg,
  type SigningKeyRow,
  setKeyStatus,
} from '../db/signing-keys-sql.js';
import { decryptWithKek, encryptWithKek } from './kek.js';

export interface KeyringOptions {
  pool: Pool;
  kek: Buffer;
  clock: Clock;
  alg: SigningAlg;
  /** Seconds a new key is published (pending) before it signs. */
  publishDelaySeconds: number;
  /** Age after which maintenance schedules the next key. */
  rotationSeconds: number;
  /** Longest token lifetime: a retiring key stays published this long after it stops signing. */
  maxTokenTtlSeconds: number;
  /** How long a loaded snapshot is trusted before re-reading the table (replicas converge within it). */
  cacheSeconds?: number;
}

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  /** Imported once per snapshot: signing never re-imports (node:crypto signs synchronously). */
  key: KeyObject;
  /** base64url of `{"alg","kid","typ":"at+jwt"}`, the same for every token this key signs. */
  encodedHeader: string;
}

export interface PublishedKey {
  kid: string;
  alg: SigningAlg;
  jwk: JWK;
  key: CryptoKey;
}

type KeyChangeHook = (
  client: TxClient,
  change: { kid: string; verb: 'create' | 'rotate' | 'retire' },
) => Promise<void>;

function newKid(nowMs: number): string {
  return `sig_${nowMs.toString(36)}${randomBytes(6).toString('hex')}`;
}

/**
 * Signing keys with zero-downtime rotation: a new key is published as `pending` before it signs,
 * becomes `active` after the publish delay, and the previous key stays published as `retiring`
 * until every token it signed has expired. Private keys live only encrypted in Postgres.
 */
export class Keyring {
  private snapshot:
    | { loadedAt: number; active: ActiveSigningKey | undefined; published: Map<string, PublishedKey> }
    | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: KeyringOptions) {}

  /** Creates the first key, promotes due pending keys, schedules rotation, retires expired keys. */
  async maintain(onChange?: KeyChangeHook): Promise<void> {
    const { clock } = this.options;
    await withTx(this.options.pool, async (client) => {
      await lockKeyMaintenance(client);
      const now = clock.now();
      const keys = await listSigningKeys(client, false);
      let active = keys.find((k) => k.status === 'active');
      const pending = keys
        .filter((k) => k.status === 'pending')
        .sort((a, b) => +a.not_before - +b.not_before);
      if (!active && pending.length === 0) {
        const kid = await this.createKey(client, 'active', now);
        await onChange?.(client, { kid, verb: 'create' });
        active = undefined;
      }
      const due = pending.find((k) => k.not_before <= now) ?? (active ? undefined : pending[0]);
      if (due) await this.promote(client, due, active, now, onChange);
      else if (active && pending.length === 0) {
        const age = (now.getTime() - (active.activated_at ?? active.created_at).getTime()) / 1000;
        if (age >= this.options.rotationSeconds) {
          const kid = await this.createKey(
            client,
            'pending',
            new Date(now.getTime() + this.options.publishDelaySeconds * 1000),
          );
          await onChange?.(client, { kid, verb: 'create' });
        }
      }
      for (const key of keys) {
        if (key.status === 'retiring' && key.expires_at && key.expires_at <= now) {
          await setKeyStatus(client, key.kid, 'retired', now);
        }
      }
    });
    this.invalidate();
  }

  /** Admin "rotate now": publish a new key; with `immediate`, it also starts signing at once. */
  async rotateNow(options: { immediate: boolean }, onChange?: KeyChangeHook): Promise<string> {
    const { clock } = this.options;
    const kid = await withTx(this.options.pool, async (client) => {
      await lockKeyMaintenance(client);
      const now = clock.now();
      const keys = await listSigningKeys(client, false);
      const active = keys.find((k) => k.status === 'active');
      const notBefore = options.immediate
        ? now
        : new Date(now.getTime() + this.options.publishDelaySeconds * 1000);
      const created = await this.createKey(client, 'pending', notBefore);
      const row = (await listSigningKeys(client, false)).find((k) => k.kid === created);
      if (options.immediate && row) {
        // An older pending key would otherwise be promoted later over this newer one.
        for (const stale of keys.filter((k) => k.status === 'pending'))
          await setKeyStatus(client, stale.kid, 'retired', now);
        await this.promote(client, row, active, now);
      }
      await onChange?.(client, { kid: created, verb: 'rotate' });
      return created;
    });
    this.invalidate();
    return kid;
  }

  /** Withdraws a key from the JWKS at once (compromise response). The active key cannot be retired. */
  async retire(kid: string, onChange?: KeyChangeHook): Promise<'retired' | 'not_found' | 'active'> {
    const result = await withTx(this.options.pool, async (client) => {
      await lockKeyMaintenance(client);
      const key = (await listSigningKeys(client)).find((k) => k.kid === kid);
      if (!key) return 'not_found' as const;
      if (key.status === 'active') return 'active' as const;
      await setKeyStatus(client, kid, 'retired', this.options.clock.now());
      await onChange?.(client, { kid, verb: 'retire' });
      return 'retired' as const;
    });
    this.invalidate();
    return result;
  }

  async activeKey(): Promise<ActiveSigningKey> {
    await this.ensureFresh();
    let active = this.snapshot?.active;
    if (!active) {
      await this.maintain();
      await this.ensureFresh();
      active = this.snapshot?.active;
    }
    if (!active) throw new Error('No active signing key after maintenance.');
    return active;
  }

  /**
   * The kid this instance signs with now, from the cached snapshot only — never Postgres (the signing
   * thread asks it per batch to drop keys no longer signing); undefined while no snapshot is loaded.
   */
  cachedSigningKid(): string | undefined {
    return this.snapshot?.active?.kid;
  }

  /** A published key by kid; an unknown kid triggers one reload (a replica may have rotated). */
  async publishedKey(kid: string): Promise<PublishedKey | undefined> {
    await this.ensureFresh();
    const found = this.snapshot?.published.get(kid);
    if (found) return found;
    if (this.snapshot && this.options.clock.nowMs() - this.snapshot.loadedAt < 1000) return undefined;
    this.invalidate();
    await this.ensureFresh();
    return this.snapshot?.published.get(kid);
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.ensureFresh();
    return { keys: [...(this.snapshot?.published.values() ?? [])].map((k) => k.jwk) };
  }

  invalidate(): void {
    this.snapshot = undefined;
  }

  private async ensureFresh(): Promise<void> {
    const ttlMs = (this.options.cacheSeconds ?? 5) * 1000;
    if (this.snapshot && this.options.clock.nowMs() - this.snapshot.loadedAt < ttlMs) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const rows = await listSigningKeys(this.options.pool, false);
    const published = new Map<string, PublishedKey>();
    let active: ActiveSigningKey | undefined;
    for (const row of rows) {
      const jwk: JWK = { ...row.public_jwk, kid: row.kid, alg: row.alg, use: 'sig' };
      published.set(row.kid, {
        kid: row.kid,
        alg: row.alg,
        jwk,
        key: (await importJWK(jwk, row.alg)) as CryptoKey,
      });
      if (row.status === 'active') {
        const pkcs8 = decryptWithKek(this.options.kek, row.private_key_enc, row.kid);
        active = {
          kid: row.kid,
          alg: row.alg,
          key: createPrivateKey(pkcs8),
          encodedHeader: Buffer.from(JSON.stringify({ alg: row.alg, kid: row.kid, typ: 'at+jwt' })).toString(
            'base64url',
          ),
        };
      }
    }
    this.snapshot = { loadedAt: this.options.clock.nowMs(), active, published };
  }

  private async createKey(client: TxClient, status: 'active' | 'pending', notBefore: Date): Promise<string> {
    const { alg, kek, clock } = this.options;
    const kid = newKid(clock.nowMs());
    const pair = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    const publicJwk = await exportJWK(pair.publicKey);
    const sealed = encryptWithKek(kek, await exportPKCS8(pair.privateKey), kid);
    await insertSigningKey(client, {
      kid,
      alg,
      public_jwk: publicJwk,
      private_key_enc: sealed,
      status,
      not_before: notBefore,
      activated_at: status === 'active' ? clock.now() : null,
    });
    return kid;
  }

  private async promote(
    client: TxClient,
    next: SigningKeyRow,
    current: SigningKeyRow | undefined,
    now: Date,
    onChange?: KeyChangeHook,
  ): Promise<void> {
    if (current) {
      // Tokens signed until now may live maxTokenTtl more; keep publishing the key until then.
      const until = new Date(now.getTime() + this.options.maxTokenTtlSeconds * 1000);
      await setKeyStatus(client, current.kid, 'retiring', now, until);
    }
    await setKeyStatus(client, next.kid, 'active', now);
    await onChange?.(client, { kid: next.kid, verb: 'rotate' });
  }
}
