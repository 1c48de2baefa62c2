import type { BodyOf, ResponseOf } from '../api-types.js';
import type { paths } from '../generated/flags.gen.js';
import type { HttpClient } from '../http.js';

export type EvaluationContext = NonNullable<BodyOf<paths, '/v1/evaluate', 'post'>['context']>;
export type Evaluation = ResponseOf<paths, '/v1/evaluate', 'post'>;
export type FlagResult = Evaluation['flags'][string];
export type Variant = FlagResult['variant'];
export type Flag = ResponseOf<paths, '/v1/flags', 'get'>['data'][number];

export interface FlagsClientOptions {
  /** How long an evaluation is reused for the same flag and context. Default 5 s; 0 disables. */
  cacheMs?: number;
}

const DISABLED: Variant = { name: 'disabled', enabled: false };

/**
 * `bw.flags`: flags evaluated by the flags service's `POST /v1/evaluate`. The service derives the
 * tenant, agent, user and scopes from the caller's credential (so a caller cannot claim another
 * tenant's rollout); the SDK only adds session/properties and caches answers for `cacheMs`.
 * Decision: remote evaluation with a short cache instead of a local unleash-client, because the
 * context must come from the verified token, which only the server sees; for hot paths use
 * `evaluate()` once per request and read the result.
 */
export class FlagsClient {
  private readonly cache = new Map<string, { at: number; result: FlagResult | undefined }>();
  private readonly cacheMs: number;

  constructor(
    private readonly http: HttpClient,
    options: FlagsClientOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5000;
  }

  /** Evaluates the named flags (all of the tenant's flags when omitted). */
  evaluate(flags?: string[], context?: EvaluationContext, authorization?: string): Promise<Evaluation> {
    return this.http.request<Evaluation>({
      method: 'POST',
      path: '/v1/evaluate',
      json: { ...(flags ? { flags } : {}), ...(context ? { context } : {}) },
      ...(authorization ? { authorization } : {}),
    });
  }

  /** True when the flag is on for this caller; unknown flags are off. */
  async isEnabled(
    name: string,
    context?: EvaluationContext,
    options: { token?: string } = {},
  ): Promise<boolean> {
    return (await this.one(name, context, options.token))?.enabled ?? false;
  }

  /** The variant for this caller; `{ name: 'disabled', enabled: false }` when off or unknown. */
  async getVariant(
    name: string,
    context?: EvaluationContext,
    options: { token?: string } = {},
  ): Promise<Variant> {
    const result = await this.one(name, context, options.token);
    return result?.enabled ? result.variant : DISABLED;
  }

  list(): Promise<ResponseOf<paths, '/v1/flags', 'get'>> {
    return this.http.request({ method: 'GET', path: '/v1/flags' });
  }

  create(input: BodyOf<paths, '/v1/flags', 'post'>): Promise<Flag> {
    return this.http.request<Flag>({ method: 'POST', path: '/v1/flags', json: input, idempotent: true });
  }

  toggle(name: string, enabled: boolean): Promise<Flag> {
    this.cache.clear();
    return this.http.request<Flag>({
      method: 'POST',
      path: `/v1/flags/${encodeURIComponent(name)}/toggle`,
      json: { enabled },
    });
  }

  private async one(name: string, context: EvaluationContext | undefined, token: string | undefined) {
    const key = `${token ?? ''}\u0000${name}\u0000${JSON.stringify(context ?? {})}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.result;
    const evaluation = await this.evaluate([name], context, token ? `Bearer ${token}` : undefined);
    const result = evaluation.flags[name];
    if (this.cacheMs > 0) {
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(key, { at: Date.now(), result });
    }
    return result;
  }
}
