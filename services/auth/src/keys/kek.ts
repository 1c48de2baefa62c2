import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { finalOrKekMismatch } from '@bulwark/core';

/*
 * Loading the KEK (BULWARK_KEK, or a dev key created once under the state dir) is @bulwark/core's
 * `loadKek`. Auth keeps its own text envelope below because its column stores text.
 */
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
  const head = decipher.update(Buffer.from(ciphertext, 'base64url'));
  const tail = finalOrKekMismatch(() => decipher.final(), `the signing key ${associatedData}`);
  return Buffer.concat([head, tail]).toString('utf8');
}
