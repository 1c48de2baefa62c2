import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The key-encryption key (KEK) protects secrets that services must be able to read back (signing keys,
 * license keys, SDK tokens) at rest, with AES-256-GCM.
 * Production passes BULWARK_KEK; on a dev machine a random one is created once in `.bulwark/`.
 */
export function parseKek(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const candidates = [
    /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : undefined,
    Buffer.from(trimmed, 'base64url'),
    Buffer.from(trimmed, 'base64'),
  ];
  return candidates.find((bytes) => bytes?.length === 32);
}

export async function loadKek(options: { kek: string | undefined; file: string }): Promise<Buffer> {
  if (options.kek !== undefined) {
    const parsed = parseKek(options.kek);
    if (!parsed) throw new Error('BULWARK_KEK must be 32 bytes, as 64 hex characters or base64.');
    return parsed;
  }
  try {
    const parsed = parseKek(await readFile(options.file, 'utf8'));
    if (!parsed) throw new Error(`The key file ${options.file} does not hold a 32-byte key.`);
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const fresh = randomBytes(32);
    await mkdir(dirname(options.file), { recursive: true });
    // `wx`: when two processes race, the loser fails here and reads the winner's file.
    await writeFile(options.file, fresh.toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(
      () => undefined,
    );
    const stored = parseKek(await readFile(options.file, 'utf8'));
    if (!stored) throw new Error(`Could not create the key file ${options.file}.`);
    return stored;
  }
}

/** `iv (12) || tag (16) || ciphertext`; `context` is bound as AAD so a blob cannot be moved between columns. */
export function sealWithKek(kek: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/**
 * A stored secret that this KEK cannot open: it was sealed under another key-encryption key (a
 * different BULWARK_KEK, or a dev key file re-created next to an older database), or altered.
 * The message says what to do; nothing secret is in it.
 */
export class KekMismatchError extends Error {
  constructor(what: string) {
    super(
      `Cannot decrypt ${what} with this key-encryption key: it was sealed under a different KEK (or altered). ` +
        'Start the service with the KEK that sealed it (BULWARK_KEK, or the key file it created under .bulwark/). ' +
        "On a disposable dev database (e.g. a new clone next to an older clone's databases), drop that service's " +
        'bulwark_* database and start again: it is recreated with the current key.',
    );
    this.name = 'KekMismatchError';
  }
}

/** Runs an AES-GCM `final()`, turning its authentication failure into a KekMismatchError about `what`. */
export function finalOrKekMismatch(final: () => Buffer, what: string): Buffer {
  try {
    return final();
  } catch {
    throw new KekMismatchError(what);
  }
}

export function openWithKek(kek: Buffer, sealed: Buffer, context: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', kek, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  const head = decipher.update(sealed.subarray(28));
  return Buffer.concat([head, finalOrKekMismatch(() => decipher.final(), `the stored secret "${context}"`)]);
}
