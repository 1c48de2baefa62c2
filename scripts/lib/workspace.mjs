import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Workspace discovery without a YAML parser (it must run before `pnpm install`): the globs in
 * pnpm-workspace.yaml are `dir/*` or a plain `dir`, which is all Bulwark uses.
 */

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name      package.json name (or the folder when unnamed)
 * @property {string} dir       absolute folder
 * @property {string} relDir    folder relative to the root, with `/`
 * @property {Record<string, string>} scripts
 * @property {Record<string, unknown> | undefined} bulwark  the `bulwark` block, if any
 */

/** @param {string} root @returns {string[]} */
export function workspacePatterns(root) {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return ['packages/*', 'services/*', 'apps/*'];
  /** @type {string[]} */
  const patterns = [];
  let inPackages = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const item = line.match(/^\s+-\s+['"]?([^'"#]+?)['"]?\s*(#.*)?$/);
      if (item?.[1]) patterns.push(item[1]);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  return patterns;
}

/** @param {string} dir @param {string} root @returns {WorkspacePackage | undefined} */
function readPackage(dir, root) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const json = JSON.parse(readFileSync(manifest, 'utf8'));
  return {
    name: typeof json.name === 'string' ? json.name : relative(root, dir),
    dir,
    relDir: relative(root, dir).split('\\').join('/'),
    scripts: json.scripts && typeof json.scripts === 'object' ? json.scripts : {},
    bulwark: json.bulwark && typeof json.bulwark === 'object' ? json.bulwark : undefined,
  };
}

/**
 * Every workspace package, sorted by folder.
 * @param {string} root
 * @returns {WorkspacePackage[]}
 */
export function listWorkspacePackages(root) {
  /** @type {WorkspacePackage[]} */
  const found = [];
  for (const pattern of workspacePatterns(root)) {
    if (pattern.startsWith('!')) continue;
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const pkg = readPackage(join(parent, entry.name), root);
        if (pkg) found.push(pkg);
      }
    } else {
      const pkg = readPackage(join(root, pattern), root);
      if (pkg) found.push(pkg);
    }
  }
  return found.sort((a, b) => a.relDir.localeCompare(b.relDir));
}
