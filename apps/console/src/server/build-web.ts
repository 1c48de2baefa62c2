import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_DIST_DIR = join(PACKAGE_ROOT, 'dist');

/** Builds the browser bundle with the package's vite.config.ts into `outDir`. */
export async function buildWeb(outDir: string = DEFAULT_DIST_DIR): Promise<void> {
  // Imported lazily: a server whose dist is already built (the Docker image) never loads Vite.
  const { build } = await import('vite');
  // Vite keeps a NODE_ENV it finds (vitest sets `test`), which would bundle React's development
  // build; the console always ships the production one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(PACKAGE_ROOT, 'vite.config.ts'),
      root: PACKAGE_ROOT,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds only when `outDir` holds no index.html yet (a fresh clone under `npm start`). */
export async function ensureWebBuilt(outDir: string = DEFAULT_DIST_DIR): Promise<'built' | 'present'> {
  if (existsSync(join(outDir, 'index.html'))) return 'present';
  await buildWeb(outDir);
  return 'built';
}
