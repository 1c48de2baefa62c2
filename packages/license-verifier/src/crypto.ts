import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  hkdfSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

/**
 * The only file that touches `node:crypto`. Everything else goes through these few primitives,
 * so a WebCrypto backend (browsers, edge runtimes) can replace this module without touching the
 * formats. The synchronous Node calls are what make offline verification as fast as a bare verify.
 */
export type PublicKeyHandle = KeyObject;

export interface OkpJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
  alg?: string;
  use?: string;
}

export function importEd25519PublicJwk(jwk: OkpJwk): PublicKeyHandle {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
}

export function ed25519Verify(key: PublicKeyHandle, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

export function ed25519Sign(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, data, privateKey));
}

export const FILE_KDF_SALT = 'bulwark-offline-file-v1';

/** HKDF-SHA256(ikm = license key, salt = FILE_KDF_SALT, info) → 32 bytes for AES-256-GCM. */
export function deriveFileKey(licenseKey: string, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(licenseKey, 'utf8'), FILE_KDF_SALT, info, 32));
}

export interface Sealed {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export function aesGcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: new Uint8Array(iv),
    ciphertext: new Uint8Array(ciphertext),
    tag: new Uint8Array(cipher.getAuthTag()),
  };
}

/** Returns undefined when the key is wrong or anything was altered (GCM authentication failed). */
export function aesGcmDecrypt(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array | undefined {
  if (sealed.iv.length !== 12 || sealed.tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return new Uint8Array(Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]));
  } catch {
    return undefined;
  }
}
