import { type KeyObject, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { type KeyRing, createKeyRing } from '@bulwark/license-verifier';
import type { ClientBase, Pool } from 'pg';
import { openWithKek, sealWithKek } from '@bulwark/core';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface Signer {
  kid: string;
  privateKey: KeyObject;
}

const context = (kid: string) => `licensing.signing_key:${kid}`;

function newKid(): string {
  return `lk_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(6).toString('base64url')}`;
}

/** Generates a key pair, stores the private half encrypted, and makes it the active one. */
export async function insertSigningKey(client: ClientBase, kek: Buffer): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = newKid();
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  const jwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' };
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  await client.query(
    `INSERT INTO signing_keys (kid, public_jwk, private_key_enc, status) VALUES ($1, $2, $3, 'active')`,
    [kid, JSON.stringify(jwk), sealWithKek(kek, der, context(kid))],
  );
  return kid;
}

/**
 * Signing keys, cached in memory. Private keys are decrypted once; the public ring reloads when a
 * key it has not seen turns up (another replica rotated), so rotation needs no restart.
 */
export class SigningKeyStore {
  private signer: Signer | undefined;
  private ring: KeyRing | undefined;
  private jwks: PublicJwk[] = [];
  private loadedAtMs = 0;

  constructor(
    private readonly pool: Pool,
    private readonly kek: Buffer,
  ) {}

  /** Makes sure one active key exists (first start). Concurrent starters race on the unique index. */
  async ensureActive(): Promise<void> {
    const found = await this.pool.query(`SELECT 1 FROM signing_keys WHERE status = 'active'`);
    if (found.rowCount !== 0) return;
    const client = await this.pool.connect();
    try {
      await insertSigningKey(client, this.kek);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
    } finally {
      client.release();
    }
  }

  async activeSigner(): Promise<Signer> {
    if (this.signer) return this.signer;
    const { rows } = await this.pool.query<{ kid: string; private_key_enc: Buffer }>(
      `SELECT kid, private_key_enc FROM signing_keys WHERE status = 'active'`,
    );
    const row = rows[0];
    if (!row) throw new Error('No active licensing signing key; the service creates one at start.');
    const der = openWithKek(this.kek, row.private_key_enc, context(row.kid));
    this.signer = { kid: row.kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
    return this.signer;
  }

  /** `db` lets a caller inside a transaction reuse its connection instead of waiting for a second one. */
  async publicJwks(db: ClientBase | Pool = this.pool): Promise<PublicJwk[]> {
    const { rows } = await db.query<{ public_jwk: PublicJwk }>(
      'SELECT public_jwk FROM signing_keys ORDER BY created_at DESC, kid',
    );
    this.jwks = rows.map((row) => row.public_jwk);
    this.ring = createKeyRing(this.jwks);
    this.loadedAtMs = Date.now();
    return this.jwks;
  }

  /**
   * The ring for verifying; reloaded if `kid` is not in it yet, at most every few seconds, so
   * forged keys with random kids cannot turn every request into a key reload.
   */
  async keyRing(kid?: string, db: ClientBase | Pool = this.pool): Promise<KeyRing> {
    const unknown = kid !== undefined && this.ring !== undefined && !this.ring.get(kid);
    if (!this.ring || (unknown && Date.now() - this.loadedAtMs > 5_000)) await this.publicJwks(db);
    return this.ring ?? createKeyRing([]);
  }

  /** Retires the active key and creates a new one, in the caller's transaction. */
  async rotate(client: ClientBase): Promise<{ retired: string | undefined; active: string }> {
    const retired = await client.query<{ kid: string }>(
      `UPDATE signing_keys SET status = 'retired', retired_at = now() WHERE status = 'active' RETURNING kid`,
    );
    const active = await insertSigningKey(client, this.kek);
    this.forget();
    return { retired: retired.rows[0]?.kid, active };
  }

  forget(): void {
    this.signer = undefined;
    this.ring = undefined;
  }
}
