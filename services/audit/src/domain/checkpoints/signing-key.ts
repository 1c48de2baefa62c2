import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { Pool } from 'pg';
import type { Kek } from './kek.js';

const PURPOSE = 'bulwark-audit-checkpoint-key';

export interface CheckpointSigner {
  kid: string;
  privateKey: KeyObject;
}

/**
 * The active Ed25519 checkpoint key, created on first use. Concurrent first uses both insert a key;
 * the oldest unretired one wins for signing, and verification looks keys up by kid, so either works.
 */
export async function activeSigner(pool: Pool, kek: Kek): Promise<CheckpointSigner> {
  const existing = await pool.query<{ kid: string; private_key_enc: string }>(
    'SELECT kid, private_key_enc FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at, kid LIMIT 1',
  );
  const row = existing.rows[0];
  if (row) {
    const der = kek.decrypt(row.private_key_enc, PURPOSE);
    return { kid: row.kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = `ckpt_${randomBytes(8).toString('hex')}`;
  const sealed = kek.encrypt(privateKey.export({ format: 'der', type: 'pkcs8' }), PURPOSE);
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
  await pool.query('INSERT INTO signing_keys (kid, public_key, private_key_enc) VALUES ($1, $2, $3)', [
    kid,
    spki,
    sealed,
  ]);
  return activeSigner(pool, kek);
}

/** Public keys by kid, for verification (no KEK needed). */
export async function publicKeys(pool: Pool): Promise<Map<string, KeyObject>> {
  const rows = await pool.query<{ kid: string; public_key: string }>(
    'SELECT kid, public_key FROM signing_keys',
  );
  return new Map(
    rows.rows.map((row) => [
      row.kid,
      createPublicKey({ key: Buffer.from(row.public_key, 'base64url'), format: 'der', type: 'spki' }),
    ]),
  );
}
