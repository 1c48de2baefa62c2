import type { AddressInfo } from 'node:net';
import { DEFAULT_DIST_DIR, ensureWebBuilt } from './server/build-web.js';
import { loadConsoleConfig } from './server/config.js';
import { createConsoleServer } from './server/console-server.js';

// Process concerns only: config, build-if-missing, listen, graceful close.
const config = loadConsoleConfig(process.env);

// The console has no database: `--migrate-only` (npm start -- --migrate-only, deploy hooks) is a no-op.
if (process.argv.includes('--migrate-only')) process.exit(0);

if ((await ensureWebBuilt(DEFAULT_DIST_DIR)) === 'built') {
  console.log(`console: built the web bundle into ${DEFAULT_DIST_DIR}`);
}

const server = createConsoleServer({ distDir: DEFAULT_DIST_DIR, upstreams: config.upstreams });
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(
    `console: listening on http://${config.host}:${port} (proxying /api to ${config.upstreams.auth}, …)`,
  );
});

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`console: ${signal}, closing`);
  server.close(() => process.exit(0));
  // Idle keep-alive sockets and long exports must not hold the process open.
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5_000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
