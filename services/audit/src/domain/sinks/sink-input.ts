import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ValidationError } from '@bulwark/core';
import type { SinkAddressGuard } from './sink-network-policy.js';

/** How long a create/update waits for DNS before leaving the address check to delivery time. */
const CREATE_TIME_DNS_MS = 3000;

/** The bare host of a URL: no IPv6 brackets, no trailing root dot, lower case. */
export function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761 §6.3), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Resolves a host name to its addresses; [] when it does not resolve (in time). */
export type ResolveHost = (host: string) => Promise<string[]>;

async function resolveWithDeadline(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), CREATE_TIME_DNS_MS);
  });
  const resolved = lookup(host, { all: true, verbatim: true }).then(
    (found) => found.map((entry) => entry.address),
    // A name that does not resolve yet may be set up later; delivery checks again.
    () => [],
  );
  try {
    return await Promise.race([resolved, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why the network policy refuses this URL's destination, or undefined (DNS is best effort here). */
async function destinationRefusal(
  url: URL,
  guard: SinkAddressGuard,
  resolve: ResolveHost,
): Promise<string | undefined> {
  const scheme = guard.schemeRefusal(url.protocol);
  if (scheme) return scheme;
  if (guard.policy.allowPrivateNetworks) return undefined;
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    const why = guard.refusal(host);
    return why && `must not point at ${host} (${why})`;
  }
  if (isLocalhostName(host) && guard.refusal('127.0.0.1') !== undefined) {
    return `must not point at ${host} (loopback)`;
  }
  for (const address of await resolve(host)) {
    const why = guard.refusal(address);
    if (why) return `must not point at ${host}: it resolves to ${address} (${why})`;
  }
  return undefined;
}

/**
 * A sink URL: absolute, no userinfo (credentials in URLs end up in logs), no fragment, and a
 * destination the network policy allows (scheme, literal address, `localhost`, and what the host
 * resolves to now; the webhook worker checks the resolved address again at every delivery).
 */
export async function checkSinkUrl(
  raw: string,
  guard: SinkAddressGuard,
  options: { field?: string; resolve?: ResolveHost } = {},
): Promise<string> {
  const field = options.field ?? '/body/url';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('The sink URL is invalid.', [{ field, message: 'not an absolute URL' }]);
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('must be http or https');
  if (url.username || url.password) problems.push('must not carry credentials');
  if (url.hash) problems.push('must not carry a fragment');
  if (problems.length > 0) {
    throw new ValidationError('The sink URL is invalid.', [{ field, message: problems.join('; ') }]);
  }
  const refusal = await destinationRefusal(url, guard, options.resolve ?? resolveWithDeadline);
  if (refusal) {
    throw new ValidationError('The sink URL points where sinks may not deliver.', [
      { field, message: refusal },
    ]);
  }
  return url.href;
}

/** `agent.action.*` and `agent.action.` mean the same; duplicates go. */
export function normalizePrefixes(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes.map((prefix) => prefix.replace(/\*$/, '')))].filter((p) => p.length > 0);
}

export function sinkWants(prefixes: readonly string[], action: string): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => action.startsWith(prefix));
}
