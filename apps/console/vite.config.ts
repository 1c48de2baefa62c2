import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { SERVICES, upstreamsFromEnv } from './src/server/upstreams.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser bundle. `@bulwark/sdk` is consumed from source (its `source` export condition), so the
 * console never needs the SDK's dist built first. `vite` (dev) proxies `/api/<service>` like the
 * production server does, so the same bundle works in both.
 */
export default defineConfig(() => {
  const upstreams = upstreamsFromEnv(process.env);
  return {
    root,
    resolve: { conditions: ['source', ...defaultClientConditions] },
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
    server: {
      proxy: Object.fromEntries(
        SERVICES.map((service) => [
          `/api/${service}`,
          {
            target: upstreams[service],
            changeOrigin: true,
            rewrite: (path: string) => path.slice(`/api/${service}`.length) || '/',
          },
        ]),
      ),
    },
  };
});
