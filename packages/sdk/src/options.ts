export type ServiceName = 'auth' | 'audit' | 'billing' | 'licensing' | 'flags';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  auth: 4001,
  billing: 4002,
  licensing: 4003,
  flags: 4004,
  audit: 4005,
};

export interface BulwarkOptions {
  /** A tenant API key (`bwk_…`). Needed for admin and delegation calls. */
  apiKey?: string;
  /** Default agent (`agt_…`) for `generateScopedToken` when the call names none. */
  agentId?: string;
  /**
   * Scheme and host of a Bulwark install, e.g. `https://bulwark.internal`. Each service keeps its
   * default port unless `urls` overrides it. Defaults to `http://127.0.0.1` (a local `npm start`).
   */
  baseUrl?: string;
  /** Full per-service URLs; wins over `baseUrl`. */
  urls?: Partial<Record<ServiceName, string>>;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Retries for network errors and 5xx. Default 2. */
  retries?: number;
  /** Custom fetch (tests, proxies). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Flag evaluation cache; see FlagsClient. */
  flags?: { cacheMs?: number };
}

export function serviceUrl(options: BulwarkOptions, service: ServiceName): string {
  const explicit = options.urls?.[service];
  if (explicit) return explicit.replace(/\/+$/, '');
  const base = new URL(options.baseUrl ?? 'http://127.0.0.1');
  if (!options.baseUrl || base.port === '') base.port = String(DEFAULT_PORTS[service]);
  return base.origin;
}
