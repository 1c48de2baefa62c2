import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { sendProblem } from './problem.js';
import { type Upstreams, isConsoleService } from './upstreams.js';

/** Request headers the browser may pass on; cookies and anything else stay at the console. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'idempotency-key',
  'user-agent',
  'x-request-id',
];
/** Hop-by-hop headers, plus the encoding ones fetch already undid while decompressing. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'set-cookie',
]);
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Where `/api/<service>/<rest>?<query>` goes, or undefined when the path names no known service.
 * Pure, so the mapping is unit-tested without sockets.
 */
export function upstreamUrl(upstreams: Upstreams, requestPath: string): URL | undefined {
  const match = /^\/api\/([a-z]+)(\/[^?#]*)?(\?[^#]*)?$/.exec(requestPath);
  const service = match?.[1];
  if (!service || !isConsoleService(service)) return undefined;
  const base = new URL(upstreams[service]);
  const basePath = base.pathname.replace(/\/+$/, '');
  return new URL(`${base.origin}${basePath}${match?.[2] ?? '/'}${match?.[3] ?? ''}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Same-origin gateway to the services: the services send no CORS headers, and a proxy keeps the
 * browser talking to one origin only (so the CSP can say `connect-src 'self'`).
 */
export async function proxyToService(
  req: IncomingMessage,
  res: ServerResponse,
  upstreams: Upstreams,
  requestId: string,
): Promise<void> {
  const target = upstreamUrl(upstreams, req.url ?? '/');
  if (!target) {
    sendProblem(res, 404, 'unknown_service', 'No such service behind /api.', requestId);
    return;
  }
  const method = req.method ?? 'GET';
  if (!METHODS.has(method)) {
    sendProblem(res, 405, 'method_not_allowed', `${method} is not proxied.`, requestId);
    return;
  }
  const headers: Record<string, string> = { 'x-request-id': requestId };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (req.socket.remoteAddress) headers['x-forwarded-for'] = req.socket.remoteAddress;

  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  if (body === 'too_large') {
    sendProblem(res, 413, 'payload_too_large', 'Request bodies are limited to 5 MiB.', requestId);
    return;
  }
  // A closed browser tab stops a long export upstream too.
  const abort = new AbortController();
  res.on('close', () => abort.abort());

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method,
      headers,
      ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
      redirect: 'manual',
      signal: abort.signal,
    });
  } catch (cause) {
    if (abort.signal.aborted) return;
    const reason = cause instanceof Error ? cause.message : String(cause);
    sendProblem(
      res,
      502,
      'upstream_unavailable',
      `The ${target.origin} service could not be reached (${reason}). Is it running?`,
      requestId,
    );
    return;
  }
  const outHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) outHeaders[name] = value;
  });
  outHeaders['x-request-id'] ??= requestId;
  res.writeHead(upstream.status, outHeaders);
  if (!upstream.body || method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as NodeReadableStream), res);
  } catch {
    // The browser went away or the upstream broke mid-stream; the socket is already closed.
  }
}
