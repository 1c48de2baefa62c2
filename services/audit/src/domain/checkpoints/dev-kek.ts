import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kek } from './kek.js';

/**
 * The KEK: `BULWARK_KEK` when set (production), otherwise a development key kept in
 * `<dataDir>/audit-kek` (mode 0600), created on first use so `npm start` works on a fresh machine.
 */
export function loadKek(configured: string | undefined, dataDir: string): Kek {
  if (configured) return Kek.parse(configured);
  const file = join(dataDir, 'audit-kek');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${Kek.generateEncoded()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return Kek.parse(readFileSync(file, 'utf8'));
}
