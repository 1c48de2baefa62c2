import type { BulwarkOptions, ServiceName } from '@bulwark/sdk';

const SERVICES: readonly ServiceName[] = ['auth', 'audit', 'billing', 'licensing', 'flags'];
/**
 * Placeholder origins handed to the SDK, one per service. The SDK resolves request paths against a
 * service's origin (a path prefix like `/api/auth` would be dropped), so the console gives it these
 * and its `fetch` turns them into same-origin `/api/<service>/…` calls. `.invalid` (RFC 2606) can
 * never resolve, so a request that escaped the rewrite could not carry the key anywhere.
 */
const PLACEHOLDER_SUFFIX = '.bulwark-console.invalid';

export const placeholderUrls = Object.fromEntries(
  SERVICES.map((service) => [service, `https://${service}${PLACEHOLDER_SUFFIX}`]),
) as Record<ServiceName, string>;

/** `https://auth.bulwark-console.invalid/v1/agents?x=1` → `<origin>/api/auth/v1/agents?x=1`. */
export function toProxyUrl(requested: string | URL, consoleOrigin: string): string {
  const url = new URL(String(requested));
  const service = url.hostname.endsWith(PLACEHOLDER_SUFFIX)
    ? url.hostname.slice(0, -PLACEHOLDER_SUFFIX.length)
    : undefined;
  if (!service || !(SERVICES as readonly string[]).includes(service)) {
    throw new Error(`The console only talks to its own /api proxy, not to ${url.origin}.`);
  }
  return `${consoleOrigin}/api/${service}${url.pathname}${url.search}`;
}

/** SDK options that send every call through the console server's `/api` proxy. */
export function consoleClientOptions(
  apiKey: string,
  consoleOrigin: string,
  baseFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): BulwarkOptions {
  const proxied: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input;
    return baseFetch(toProxyUrl(url, consoleOrigin), init);
  };
  return { apiKey, urls: placeholderUrls, fetch: proxied, retries: 1, timeoutMs: 15_000 };
}
