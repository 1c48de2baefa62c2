import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCommand, runInherited } from './run-command.mjs';
import { step } from './log.mjs';

/** The one pnpm version whose lockfile format the repo uses; newer majors refuse the lock. */
export const PNPM_VERSION = '12.4.2';

/** Installs the pinned pnpm globally when `pnpm -v` is missing or reports another version. */
export async function ensurePnpm() {
  const found = readCommand('pnpm', ['-v']);
  if (found === PNPM_VERSION) return;
  step(`installing pnpm ${PNPM_VERSION} (found ${found ?? 'none'})`);
  const code = await runInherited('npm', ['i', '-g', `pnpm@${PNPM_VERSION}`]);
  if (code !== 0) throw new Error(`npm i -g pnpm@${PNPM_VERSION} failed (exit ${code})`);
}

/** @param {string} root */
async function frozenInstall(root) {
  step('installing dependencies (pnpm install --frozen-lockfile)');
  const code = await runInherited('pnpm', ['install', '--frozen-lockfile'], { cwd: root });
  if (code !== 0) throw new Error(`pnpm install --frozen-lockfile failed (exit ${code})`);
}

/**
 * True when node_modules is missing or older than the lockfile (mtime check, used by `npm test`).
 * @param {string} root
 */
export function installLooksStale(root) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (!existsSync(marker)) return true;
  if (!existsSync(lock)) return false;
  return statSync(lock).mtimeMs > statSync(marker).mtimeMs;
}

/** @param {string} root */
export async function ensureInstalledByMtime(root) {
  if (installLooksStale(root)) await frozenInstall(root);
}

/** @param {string} root */
export function lockfileHash(root) {
  const lock = join(root, 'pnpm-lock.yaml');
  if (!existsSync(lock)) return 'no-lockfile';
  return createHash('sha256').update(readFileSync(lock)).digest('hex');
}

/**
 * Installs when the lockfile's content differs from the hash recorded after the last install
 * (content, not mtime: a fresh clone or a `git checkout` touches mtimes without changing deps).
 * @param {string} root
 */
export async function ensureInstalledByHash(root) {
  const hashFile = join(root, 'node_modules', '.bulwark-lock-hash');
  const current = lockfileHash(root);
  const recorded = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : undefined;
  if (recorded === current && existsSync(join(root, 'node_modules', '.modules.yaml'))) return;
  await frozenInstall(root);
  writeFileSync(hashFile, `${current}\n`);
}
