/** The services the console proxies under `/api/<service>/…`; nothing else is reachable through it. */
export const SERVICES = ['auth', 'audit', 'billing', 'licensing', 'flags'] as const;
export type ConsoleService = (typeof SERVICES)[number];
export type Upstreams = Record<ConsoleService, string>;

const DEFAULT_PORTS: Upstreams = {
  auth: '4001',
  billing: '4002',
  licensing: '4003',
  flags: '4004',
  audit: '4005',
};

/** `AUTH_URL`, `AUDIT_URL`, … as `npm start` and compose set them; local `npm start` ports otherwise. */
export function upstreamsFromEnv(env: NodeJS.ProcessEnv): Upstreams {
  const entries = SERVICES.map((service) => {
    const name = `${service.toUpperCase()}_URL`;
    const raw = env[name] ?? `http://127.0.0.1:${DEFAULT_PORTS[service]}`;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`${name} must be an absolute http(s) URL, got "${raw}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`${name} must be an http(s) URL, got "${raw}".`);
    }
    return [service, raw.replace(/\/+$/, '')] as const;
  });
  return Object.fromEntries(entries) as Upstreams;
}

export function isConsoleService(name: string): name is ConsoleService {
  return (SERVICES as readonly string[]).includes(name);
}
