import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { hostOf } from '../sinks/sink-input.js';
import type { SinkAddressGuard } from '../sinks/sink-network-policy.js';
import { guardedLookup, SinkAddressRefused } from './guarded-lookup.js';
import { DELIVERY_ID_HEADER, EVENT_IDS_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface DeliveryRequest {
  url: string;
  /** Newest first: the current secret, then the previous one during a rotation's overlap. */
  secrets: readonly string[];
  deliveryId: string;
  eventIds: readonly string[];
  body: string;
  timeoutMs: number;
  nowSeconds: number;
  guard: SinkAddressGuard;
}

/** A failed attempt: `status` is null when no HTTP answer came back. Never carries the secret. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/** The network policy refused the destination before anything was sent; retrying will not help. */
export class DeliveryRefused extends DeliveryFailed {
  constructor(reason: string) {
    super(`refused before sending: ${reason}`, null);
    this.name = 'DeliveryRefused';
  }
}

const ERROR_BODY_BYTES = 300;

/** Reads at most a few hundred bytes of a failure answer: enough to show why, bounded in memory. */
function bodyExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.destroy();
      resolve(Buffer.concat(chunks).toString('utf8').slice(0, ERROR_BODY_BYTES).replace(/\s+/g, ' ').trim());
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= ERROR_BODY_BYTES) done();
    });
    // A broken body is not worth more than what we got.
    response.on('end', done);
    response.on('error', done);
    response.on('aborted', done);
  });
}

/**
 * Keep-alive pools per policy: a pooled socket was opened through the guarded lookup of the same
 * policy, never by other code (a reused socket skips the lookup).
 */
const agentsByGuard = new WeakMap<SinkAddressGuard, { http: HttpAgent; https: HttpsAgent }>();

function agentsFor(guard: SinkAddressGuard): { http: HttpAgent; https: HttpsAgent } {
  let agents = agentsByGuard.get(guard);
  if (!agents) {
    agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
    agentsByGuard.set(guard, agents);
  }
  return agents;
}

function failureReason(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return error.code ?? error.message;
}

class DeliveryTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * One signed POST, through node:http with a guarded DNS lookup (the network policy is checked on
 * the addresses the socket connects to; a literal IP host is checked before connecting). Any 2xx
 * is success; anything else (3xx included: redirects are not followed, a sink must name its final
 * URL) or no complete answer within the timeout throws DeliveryFailed; a refused destination
 * throws DeliveryRefused without sending anything.
 */
export async function postDelivery(request: DeliveryRequest): Promise<number> {
  const url = new URL(request.url);
  const scheme = request.guard.schemeRefusal(url.protocol);
  if (scheme) throw new DeliveryRefused(`the sink URL ${scheme}`);
  const host = hostOf(url);
  const literalRefusal = isIP(host) !== 0 ? request.guard.refusal(host) : undefined;
  if (literalRefusal) throw new DeliveryRefused(`${host} is ${literalRefusal}`);

  const https = url.protocol === 'https:';
  const outgoing = (https ? httpsRequest : httpRequest)(url, {
    method: 'POST',
    agent: https ? agentsFor(request.guard).https : agentsFor(request.guard).http,
    lookup: guardedLookup(request.guard),
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(request.body, 'utf8'),
      'user-agent': 'Bulwark-Audit-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(request.secrets, request.body, request.nowSeconds),
      [EVENT_IDS_HEADER]: request.eventIds.join(','),
      [DELIVERY_ID_HEADER]: request.deliveryId,
    },
  });
  // One deadline for the whole exchange, the failure body excerpt included.
  const timer = setTimeout(() => outgoing.destroy(new DeliveryTimeout()), request.timeoutMs);
  try {
    let response: IncomingMessage;
    try {
      response = await new Promise<IncomingMessage>((resolve, reject) => {
        outgoing.on('response', resolve);
        outgoing.on('error', reject);
        outgoing.end(request.body);
      });
    } catch (error) {
      if (error instanceof SinkAddressRefused) throw new DeliveryRefused(error.message);
      throw new DeliveryFailed(`POST failed: ${failureReason(error as Error, request.timeoutMs)}`, null);
    }
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      // The answer is in; a body cut short afterwards must not become an unhandled 'error'.
      response.on('error', () => undefined);
      response.resume();
      return status;
    }
    const excerpt = await bodyExcerpt(response);
    throw new DeliveryFailed(`HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`, status);
  } finally {
    clearTimeout(timer);
  }
}
