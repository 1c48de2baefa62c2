import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KekMismatchError, loadKek, openWithKek, parseKek, sealWithKek } from '../src/index.js';

describe('KEK', () => {
  it('seals and opens, binding the context so a blob cannot move between columns', () => {
    const kek = randomBytes(32);
    const sealed = sealWithKek(kek, Buffer.from('private key'), 'signing_keys.private');
    expect(sealed.toString('latin1')).not.toContain('private key');
    expect(openWithKek(kek, sealed, 'signing_keys.private').toString()).toBe('private key');
    expect(() => openWithKek(kek, sealed, 'licenses.key')).toThrow(KekMismatchError);
    // Another KEK (e.g. a new dev key file next to an older database) says what happened and what to do.
    expect(() => openWithKek(randomBytes(32), sealed, 'signing_keys.private')).toThrow(
      /Cannot decrypt the stored secret "signing_keys.private".*different KEK.*BULWARK_KEK.*drop that service's/,
    );
  });

  it('parses 32-byte keys in hex or base64 and refuses anything else', () => {
    const bytes = randomBytes(32);
    expect(parseKek(bytes.toString('hex'))?.equals(bytes)).toBe(true);
    expect(parseKek(bytes.toString('base64'))?.equals(bytes)).toBe(true);
    expect(parseKek('short')).toBeUndefined();
  });

  it('creates a dev key file once, mode 0600, and reuses it; rejects a bad BULWARK_KEK', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-kek-'));
    try {
      const file = join(dir, 'nested', 'dev.kek');
      const [a, b] = await Promise.all([
        loadKek({ kek: undefined, file }),
        loadKek({ kek: undefined, file }),
      ]);
      expect(a.equals(b)).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(parseKek(await readFile(file, 'utf8'))?.equals(a)).toBe(true);
      await expect(loadKek({ kek: 'nope', file })).rejects.toThrow(/BULWARK_KEK must be 32 bytes/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
