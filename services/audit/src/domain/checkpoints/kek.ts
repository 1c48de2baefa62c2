import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of small secrets (signing keys, sink secrets) under the key-encryption key.
 * AES-256-GCM, format `v1.<iv>.<tag>.<ciphertext>` (base64url), with a purpose string as AAD so a
 * sink secret can never be swapped in where a signing key is expected.
 */
export class Kek {
  private constructor(private readonly key: Buffer) {}

  /** Accepts 32 bytes as 64 hex chars or base64/base64url. */
  static parse(encoded: string): Kek {
    const trimmed = encoded.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64url');
    if (key.length !== 32)
      throw new Error('BULWARK_KEK must encode exactly 32 bytes (64 hex chars or base64).');
    return new Kek(key);
  }

  static generateEncoded(): string {
    return randomBytes(32).toString('base64url');
  }

  encrypt(plaintext: Buffer, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string, purpose: string): Buffer {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
      throw new Error('Unrecognised encrypted secret format.');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }
}
