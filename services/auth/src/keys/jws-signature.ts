import { type KeyObject, sign } from 'node:crypto';
import type { SigningAlg } from '../db/signing-keys-sql.js';

/**
 * One synchronous JWS signature with an imported KeyObject (no WebCrypto job, no re-import). ES256
 * signatures are IEEE P1363 `r || s` (RFC 7518 §3.4); EdDSA takes no digest. Used on the signing
 * thread (`signing-thread.ts`) and, when it is off or not ready, on the event loop.
 */
export function jwsSignature(alg: SigningAlg, key: KeyObject, data: Buffer): Buffer {
  if (alg === 'EdDSA') return sign(null, data, key);
  if (alg === 'ES256') return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
  return sign('sha256', data, key);
}
