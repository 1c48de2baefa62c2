import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root is the nearest ancestor holding pnpm-workspace.yaml; state lives in `<root>/.bulwark`. */
export function resolveStateDir(configured: string | undefined): string {
  if (configured) return resolve(configured);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, '.bulwark');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve('.bulwark');
}
