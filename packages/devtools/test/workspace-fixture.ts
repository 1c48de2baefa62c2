import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway pnpm workspace on disk whose services run the dummy http server. */
export function createWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-launcher-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), "packages:\n  - packages/*\n  - 'services/*'\n");
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-root', private: true }));
  return {
    root,
    addPackage(relDir: string, manifest: Record<string, unknown>) {
      const dir = join(root, relDir);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
      cpSync(new URL('./fixtures/dummy-server.mjs', import.meta.url), join(dir, 'server.mjs'));
      return dir;
    },
    addService(name: string, port: number, extra: Record<string, unknown> = {}) {
      const portEnv = `${name.toUpperCase()}_PORT`;
      return this.addPackage(`services/${name}`, {
        name: `@fixture/${name}`,
        private: true,
        type: 'module',
        scripts: { start: 'node server.mjs' },
        bulwark: { port, portEnv, ...extra },
      });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on right now (the OS picks it, so parallel test files never clash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
