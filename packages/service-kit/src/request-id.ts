import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crockfordBase32 } from '@bulwark/core';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller: short, printable, log-safe (no spaces, quotes or control chars). */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export function isAcceptableRequestId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE_REQUEST_ID.test(value);
}

/**
 * Random bytes are drawn 4 KiB at a time: on our hosts one `randomBytes(16)` call costs ~5–8 µs
 * (a syscall each), which made the request id the most expensive part of a cached, authenticated
 * request. The bytes are CSPRNG output either way; request ids are not secrets.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
/** Scratch space for one id; ids are built synchronously, so one buffer serves every request. */
const idBytes = new Uint8Array(16);

/**
 * A new `req_…` id in the format of core's `publicId('request')`: `req_` + Crockford base32 of a
 * UUIDv7 (RFC 9562: 48-bit unix-ms timestamp, version/variant bits, 74 random bits), so ids sort
 * by time across milliseconds.
 */
export function newRequestId(nowMs: number = Date.now()): string {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const bytes = idBytes;
  let ts = nowMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  for (let i = 0; i < 10; i++) bytes[6 + i] = pool[poolOffset + i] ?? 0;
  poolOffset += 10;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return `req_${crockfordBase32(bytes)}`;
}

/**
 * Keeps a caller's `x-request-id` when it is safe to echo into logs and headers, so a trace can span
 * services; otherwise (absent or hostile) mints a time-sortable `req_…` id.
 */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  return isAcceptableRequestId(header) ? header : newRequestId();
}
