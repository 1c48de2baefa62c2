import type { IncomingMessage } from 'node:http';
import { publicId } from '@bulwark/core';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller: short, printable, log-safe (no spaces, quotes or control chars). */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export function isAcceptableRequestId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE_REQUEST_ID.test(value);
}

/**
 * Keeps a caller's `x-request-id` when it is safe to echo into logs and headers, so a trace can span
 * services; otherwise (absent or hostile) mints a time-sortable `req_…` id.
 */
export function requestIdFor(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  return isAcceptableRequestId(header) ? header : publicId('request');
}
