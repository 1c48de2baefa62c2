import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page may only load its own scripts and styles and talk to its own origin (the /api proxy):
 * an injected script could still read the session's key, but it could not send it anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The file under `distDir` a URL path names, or undefined if it would leave `distDir`. Paths with no
 * extension are app routes and get index.html (the single-page app decides what to show).
 */
export function resolveStaticPath(distDir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(distDir, relative === '' || relative === '.' ? 'index.html' : relative);
  if (file !== distDir && !file.startsWith(distDir.endsWith(sep) ? distDir : distDir + sep)) return undefined;
  return extname(file) === '' ? join(distDir, 'index.html') : file;
}

/** Serves one built file; `false` when there is none, so the caller answers 404. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  distDir: string,
): Promise<boolean> {
  const file = resolveStaticPath(distDir, req.url ?? '/');
  if (!file) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  const hashed = file.startsWith(join(distDir, 'assets') + sep);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    // Vite fingerprints everything under assets/; index.html must always be fresh to pick them up.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(createReadStream(file), res).catch(() => undefined);
  return true;
}
