import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listWorkspacePackages } from './workspace.mjs';

const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.test-reports', 'coverage']);

/**
 * Whether a folder holds at least one `*.test.*` file (vitest exits 1 on a package with none).
 * @param {string} dir
 * @returns {boolean}
 */
export function hasTestFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.') && hasTestFiles(join(dir, entry.name)))
        return true;
    } else if (TEST_FILE.test(entry.name)) {
      return true;
    }
  }
  return false;
}

/**
 * Packages `npm test` runs: those with a `test` script and at least one test file. A package
 * that declares a test script before writing its first test is reported, not failed.
 * @param {string} root
 */
export function packagesToTest(root) {
  const withScript = listWorkspacePackages(root).filter((pkg) => Boolean(pkg.scripts.test));
  return {
    tested: withScript.filter((pkg) => hasTestFiles(pkg.dir)),
    withoutTests: withScript.filter((pkg) => !hasTestFiles(pkg.dir)),
  };
}
