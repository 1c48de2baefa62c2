import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { sendProblem } from './problem.js';
import { proxyToService } from './proxy.js';
import { serveStatic } from './static-files.js';
import type { Upstreams } from './upstreams.js';

export interface ConsoleServerOptions {
  /** The built browser bundle (vite's outDir). */
  distDir: string;
  upstreams: Upstreams;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The console's HTTP server: `/healthz`, `/readyz`, the `/api/<service>` proxy, and the built
 * single-page app. Plain node:http — it has four routes and no request bodies of its own.
 */
export function createConsoleServer(options: ConsoleServerOptions): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdOf(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      // The console has no stores; it is ready once it has a bundle to serve.
      const built = existsSync(join(options.distDir, 'index.html'));
      return sendJson(res, built ? 200 : 503, { status: built ? 'ready' : 'bundle missing' });
    }
    if (path === '/api' || path.startsWith('/api/')) {
      return proxyToService(req, res, options.upstreams, requestId);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(
        res,
        405,
        'method_not_allowed',
        'The console serves files with GET only.',
        requestId,
      );
    }
    if (!(await serveStatic(req, res, options.distDir))) {
      sendProblem(res, 404, 'not_found', `Nothing at ${path}.`, requestId);
    }
  };
  return createServer((req, res) => {
    handle(req, res).catch(() => {
      sendProblem(res, 500, 'internal_error', 'The console server failed; see its log.', requestIdOf(req));
    });
  });
}
