import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key-encryption key wraps every signing private key (AES-256-GCM). Production passes
 * BULWARK_KEK; a dev machine gets one generated once into `<state dir>/kek` (0600), created with
 * O_EXCL so two processes starting together cannot each write a different key.
 */
export function loadKek(configured: string | undefined, stateDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const path = join(stateDir, 'kek');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const kek = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (kek.length !== 32)
    throw new Error(`${path} does not hold a 32-byte base64 key; delete it or set BULWARK_KEK.`);
  return kek;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); the kid is bound as associated data. */
export function encryptWithKek(kek: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptWithKek(kek: Buffer, sealed: string, associatedData: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
    throw new Error('Unrecognised sealed key format.');
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
