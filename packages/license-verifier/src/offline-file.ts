import type { KeyObject } from 'node:crypto';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import { type VerifyResult, fail, ok } from './codes.js';
import { aesGcmDecrypt, aesGcmEncrypt, deriveFileKey, ed25519Sign, ed25519Verify } from './crypto.js';
import { type PublicKeysInput, resolveKeyRing } from './key-ring.js';

export const OFFLINE_FILE_FORMAT = 'BWLF1';
export const MAX_OFFLINE_FILE_LENGTH = 1_048_576;

export type OfflineFileType = 'license' | 'machine';

/** The outer, readable envelope of a license or machine file (a JSON document). */
export interface OfflineFileEnvelope {
  format: typeof OFFLINE_FILE_FORMAT;
  type: OfflineFileType;
  kid: string;
  alg: 'EdDSA';
  enc: 'aes-256-gcm';
  iv: string;
  ciphertext: string;
  tag: string;
  sig: string;
}

export interface LicenseSnapshot {
  id: string;
  tenant: string;
  product: string;
  policy: string;
  status: 'active' | 'suspended' | 'revoked' | 'expired';
  /** Epoch seconds or null (perpetual). */
  expires_at: number | null;
  entitlements: string[];
  max_machines: number | null;
  [extra: string]: unknown;
}

export interface MachineSnapshot {
  id: string;
  fingerprint: string;
  name: string | null;
  platform: string | null;
}

/** The encrypted content of a file. */
export interface OfflineFilePayload {
  v: 1;
  type: OfflineFileType;
  /** Issued at / file expiry (iat + ttl), epoch seconds. */
  iat: number;
  exp: number;
  ttl: number;
  license: LicenseSnapshot;
  machine?: MachineSnapshot;
}

/** HKDF `info`: the file type, plus the fingerprint for machine files so only that machine can open it. */
export function fileKeyInfo(type: OfflineFileType, fingerprint?: string): string {
  return type === 'machine' ? `machine:${fingerprint ?? ''}` : 'license';
}

function aad(type: OfflineFileType, kid: string): Uint8Array {
  return Buffer.from(`${OFFLINE_FILE_FORMAT}.${type}.${kid}`, 'utf8');
}

function signingInput(
  envelope: Pick<OfflineFileEnvelope, 'type' | 'kid' | 'iv' | 'ciphertext' | 'tag'>,
): Uint8Array {
  const { type, kid, iv, ciphertext, tag } = envelope;
  return Buffer.from(`${OFFLINE_FILE_FORMAT}.${type}.${kid}.${iv}.${ciphertext}.${tag}`, 'utf8');
}

export interface SealFileInput {
  payload: OfflineFilePayload;
  licenseKey: string;
  kid: string;
  privateKey: KeyObject;
}

/** Encrypt-then-sign: anyone with the public key can check origin; only the key holder can read it. */
export function sealOfflineFile(input: SealFileInput): OfflineFileEnvelope {
  const { payload, licenseKey, kid } = input;
  const key = deriveFileKey(licenseKey, fileKeyInfo(payload.type, payload.machine?.fingerprint));
  const sealed = aesGcmEncrypt(key, Buffer.from(JSON.stringify(payload), 'utf8'), aad(payload.type, kid));
  const body = {
    type: payload.type,
    kid,
    iv: encodeBase64url(sealed.iv),
    ciphertext: encodeBase64url(sealed.ciphertext),
    tag: encodeBase64url(sealed.tag),
  };
  const sig = encodeBase64url(ed25519Sign(input.privateKey, signingInput(body)));
  return { format: OFFLINE_FILE_FORMAT, alg: 'EdDSA', enc: 'aes-256-gcm', ...body, sig };
}

function parseEnvelope(file: unknown): OfflineFileEnvelope | undefined {
  let candidate = file;
  if (typeof file === 'string') {
    if (file.length > MAX_OFFLINE_FILE_LENGTH) return undefined;
    try {
      candidate = JSON.parse(file);
    } catch {
      return undefined;
    }
  }
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return undefined;
  const e = candidate as Record<string, unknown>;
  const strings = ['kid', 'iv', 'ciphertext', 'tag', 'sig'].every((k) => typeof e[k] === 'string');
  if (
    e.format !== OFFLINE_FILE_FORMAT ||
    (e.type !== 'license' && e.type !== 'machine') ||
    e.alg !== 'EdDSA' ||
    e.enc !== 'aes-256-gcm' ||
    !strings
  ) {
    return undefined;
  }
  return candidate as OfflineFileEnvelope;
}

function isPayload(value: unknown, type: OfflineFileType): value is OfflineFilePayload {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  const license = p.license as Record<string, unknown> | undefined;
  const machine = p.machine as Record<string, unknown> | undefined;
  const licenseOk =
    license !== null &&
    typeof license === 'object' &&
    typeof license.id === 'string' &&
    typeof license.status === 'string' &&
    typeof license.product === 'string' &&
    Array.isArray(license.entitlements) &&
    (license.expires_at === null || typeof license.expires_at === 'number');
  const machineOk =
    type === 'license' || (typeof machine === 'object' && typeof machine?.fingerprint === 'string');
  return (
    p.v === 1 &&
    p.type === type &&
    typeof p.iat === 'number' &&
    typeof p.exp === 'number' &&
    licenseOk &&
    machineOk
  );
}

export interface OpenFileInput {
  file: unknown;
  type: OfflineFileType;
  licenseKey: string;
  fingerprint?: string;
  publicKeys: PublicKeysInput;
}

/**
 * Checks the envelope, the signature, and decrypts. Time and status checks are the caller's
 * (see verify-file.ts). A machine file opened with another fingerprint derives another key, so GCM
 * authentication fails: that is reported as FINGERPRINT_MISMATCH.
 */
export function openOfflineFile(input: OpenFileInput): VerifyResult<OfflineFilePayload> {
  const envelope = parseEnvelope(input.file);
  if (!envelope)
    return fail(
      'MALFORMED',
      `Not a Bulwark ${input.type} file (expected a ${OFFLINE_FILE_FORMAT} JSON envelope).`,
    );
  if (envelope.type !== input.type)
    return fail('MALFORMED', `This is a ${envelope.type} file, not a ${input.type} file.`);
  const publicKey = resolveKeyRing(input.publicKeys).get(envelope.kid);
  if (!publicKey)
    return fail(
      'BAD_SIGNATURE',
      `The file was signed by an unknown key (kid "${envelope.kid.slice(0, 64)}").`,
    );
  const iv = decodeBase64url(envelope.iv);
  const ciphertext = decodeBase64url(envelope.ciphertext);
  const tag = decodeBase64url(envelope.tag);
  const sig = decodeBase64url(envelope.sig);
  if (
    !iv ||
    !ciphertext ||
    !tag ||
    !sig ||
    sig.length !== 64 ||
    !ed25519Verify(publicKey, signingInput(envelope), sig)
  ) {
    return fail('BAD_SIGNATURE', 'The file signature does not match its content.');
  }
  if (
    typeof input.licenseKey !== 'string' ||
    (input.type === 'machine' && typeof input.fingerprint !== 'string')
  ) {
    return fail(
      'DECRYPTION_FAILED',
      'A license key (and, for machine files, a fingerprint) is needed to open the file.',
    );
  }
  const key = deriveFileKey(input.licenseKey, fileKeyInfo(input.type, input.fingerprint));
  const plaintext = aesGcmDecrypt(key, { iv, ciphertext, tag }, aad(envelope.type, envelope.kid));
  if (!plaintext) {
    return input.type === 'machine'
      ? fail(
          'FINGERPRINT_MISMATCH',
          'The machine file cannot be opened with this license key and fingerprint.',
        )
      : fail('DECRYPTION_FAILED', 'The license file cannot be opened with this license key.');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(plaintext).toString('utf8'));
  } catch {
    return fail('MALFORMED', 'The decrypted file content is not JSON.');
  }
  if (!isPayload(payload, input.type))
    return fail('MALFORMED', 'The decrypted file content has an unknown shape.');
  if (input.type === 'machine' && payload.machine?.fingerprint !== input.fingerprint) {
    return fail('FINGERPRINT_MISMATCH', 'The machine file belongs to another machine.');
  }
  return ok(payload);
}
