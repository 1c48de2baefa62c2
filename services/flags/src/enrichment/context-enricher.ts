import { TtlCache } from './ttl-cache.js';

/** What licensing and billing say about the caller; empty when they are down or say nothing. */
export interface Enrichment {
  entitlements: string[];
  plan: string | undefined;
}

export interface EnrichmentSubject {
  tenantId: string;
  userId: string;
  /** The caller's own `Authorization` header, forwarded so each service applies its own tenant rules. */
  authorization: string;
}

export interface ContextEnricher {
  enrich(subject: EnrichmentSubject): Promise<Enrichment>;
}

export interface HttpEnricherOptions {
  licensingUrl: string | undefined;
  billingUrl: string | undefined;
  ttlMs: number;
  /** How long a failed lookup is remembered, so a down service costs one timeout per key per window. */
  failureTtlMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const NO_ENRICHMENT: Enrichment = { entitlements: [], plan: undefined };

/**
 * Licensing entitlements and the billing plan as flag-context properties. Fails soft: a down,
 * slow or refusing service yields no entitlements / no plan rather than a failed evaluation, and
 * answers are cached briefly so evaluation stays local on the hot path.
 */
export function createHttpEnricher(options: HttpEnricherOptions): ContextEnricher {
  const cache = new TtlCache<Enrichment>();
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 300;
  const failureTtlMs = options.failureTtlMs ?? Math.min(5_000, options.ttlMs);

  const getJson = async (url: string, authorization: string): Promise<unknown> => {
    const response = await doFetch(url, {
      headers: { authorization, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  };

  const entitlementsOf = async (owner: string, authorization: string): Promise<string[]> => {
    if (!options.licensingUrl) return [];
    const body = (await getJson(
      `${options.licensingUrl}/v1/entitlements?owner=${encodeURIComponent(owner)}`,
      authorization,
    )) as { entitlements?: unknown };
    return Array.isArray(body.entitlements)
      ? body.entitlements.filter((e): e is string => typeof e === 'string')
      : [];
  };

  const planOf = async (authorization: string): Promise<string | undefined> => {
    if (!options.billingUrl) return undefined;
    const body = (await getJson(`${options.billingUrl}/v1/plan`, authorization)) as { plan?: unknown };
    return typeof body.plan === 'string' ? body.plan : undefined;
  };

  const lookUp = async (subject: EnrichmentSubject, key: string): Promise<Enrichment> => {
    let failed = false;
    const soft = <T>(promise: Promise<T>, fallback: T): Promise<T> =>
      promise.catch(() => {
        failed = true;
        return fallback;
      });
    // Licenses may belong to the user or to the whole tenant; the union applies.
    const [forUser, forTenant, plan] = await Promise.all([
      soft(entitlementsOf(subject.userId, subject.authorization), []),
      soft(entitlementsOf(subject.tenantId, subject.authorization), []),
      soft(planOf(subject.authorization), undefined),
    ]);
    const result: Enrichment = { entitlements: [...new Set([...forUser, ...forTenant])].sort(), plan };
    cache.set(key, result, failed ? failureTtlMs : options.ttlMs);
    return result;
  };
  // One lookup per key at a time: when an entry expires under load, the requests arriving while
  // it is being refreshed wait for that lookup instead of each calling licensing and billing.
  const inFlight = new Map<string, Promise<Enrichment>>();

  return {
    async enrich(subject) {
      const key = `${subject.tenantId}\u0000${subject.userId}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const lookup = lookUp(subject, key).finally(() => inFlight.delete(key));
      inFlight.set(key, lookup);
      return lookup;
    },
  };
}
