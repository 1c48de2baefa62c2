import { type Context, InMemStorageProvider, Unleash, type Variant } from 'unleash-client';
import { stableFlagNames } from './stable-evaluation.js';

export type EvaluationContext = Context;

export interface FlagEngineOptions {
  /** Unleash base URL including `/unleash` (the client appends `/client/features`). */
  url: string;
  /** An Unleash backend token. */
  token: string;
  /** Poll interval; a toggle reaches evaluations within one interval. */
  refreshMs: number;
  appName?: string;
  /** `delta` uses Unleash's delta API (only the changes per poll). */
  format?: 'full' | 'delta';
  onError?: (error: Error) => void;
}

/** One flag of a tenant: its Unleash name and the tenant-local name callers use. */
export interface TenantFlag {
  readonly unleashName: string;
  readonly localName: string;
}

const NO_FLAGS: readonly TenantFlag[] = Object.freeze([]);

export interface FlagResult {
  enabled: boolean;
  variant: { name: string; enabled: boolean; payload?: { type: string; value: string } };
}

/**
 * One long-lived unleash-client per process: it polls Unleash with the backend token and evaluates
 * locally (no network per call). The same class serves the evaluation API, kill switches and the
 * client-specification tests, so those tests exercise exactly the production path.
 */
export class FlagEngine {
  private readonly client: Unleash;
  private readonly synced: Promise<void>;
  /** Flags grouped by tenant, rebuilt whenever the client's repository changes (never per request). */
  private byTenant = new Map<string, readonly TenantFlag[]>();
  /** Flags whose result depends on definitions and context only (see stable-evaluation.ts). */
  private stable = new Set<string>();
  /** Bumped whenever the definitions change (and once when the client turns ready). */
  private revision = 0;
  /** False until unleash-client answers from definitions rather than from fallbacks. */
  private answersFromDefinitions = false;
  /** Results per frozen context, valid for one revision; weak, so they go with the context. */
  private readonly reused = new WeakMap<Context, { revision: number; results: Map<string, FlagResult> }>();

  constructor(options: FlagEngineOptions) {
    this.client = new Unleash({
      appName: options.appName ?? 'bulwark-flags',
      url: options.url.endsWith('/api') ? options.url : `${options.url}/api`,
      refreshInterval: options.refreshMs,
      disableMetrics: true,
      customHeaders: { Authorization: options.token },
      // Never a backup file on disk: the database behind Unleash is the source of truth.
      storageProvider: new InMemStorageProvider(),
      skipInstanceCountWarning: true,
      ...(options.format === 'delta' && { experimentalMode: { type: 'polling', format: 'delta' } }),
    });
    // Without a listener, an unreachable Unleash would crash the process via an 'error' event.
    this.client.on('error', (error: Error) => options.onError?.(error));
    // Emitted after every fetch that stored new definitions (full or delta), before 'synchronized'.
    this.client.on('changed', () => this.reindex());
    // Ready = fetched from Unleash ('synchronized') and answering from definitions ('ready': emitted
    // after unleash-client sets its own ready flag; before that it answers with fallbacks).
    this.synced = new Promise<void>((resolve) => {
      let synchronized = false;
      this.client.once('synchronized', () => {
        synchronized = true;
        if (this.answersFromDefinitions) resolve();
      });
      this.client.once('ready', () => {
        this.answersFromDefinitions = true;
        this.revision++;
        if (synchronized) resolve();
      });
    });
  }

  /** Resolves after the first successful fetch from Unleash (or after `timeoutMs`, false then). */
  async ready(timeoutMs = 30_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const outcome = await Promise.race([this.synced.then(() => true as const), timeout]);
    clearTimeout(timer);
    return outcome;
  }

  isEnabled(name: string, context: EvaluationContext, fallback = false): boolean {
    return this.client.isEnabled(name, context, fallback);
  }

  variant(name: string, context: EvaluationContext): Variant {
    const { name: variantName, enabled, payload, feature_enabled } = this.client.getVariant(name, context);
    return {
      name: variantName,
      enabled,
      ...(payload && { payload }),
      feature_enabled: feature_enabled ?? false,
    };
  }

  /**
   * The flag's state and variant. For a frozen context with a userId (the token-derived context the
   * evaluation API shares between requests) the result of a stable flag is reused until the
   * definitions change: the same inputs give the same answer, so only the work is skipped. Flags
   * that read the clock, draw random numbers or emit impression events are evaluated every time.
   */
  evaluate(name: string, context: EvaluationContext): FlagResult {
    if (!this.stable.has(name) || !this.mayReuseFor(context)) return this.evaluateNow(name, context);
    let entry = this.reused.get(context);
    if (entry === undefined || entry.revision !== this.revision) {
      entry = { revision: this.revision, results: new Map() };
      this.reused.set(context, entry);
    }
    let result = entry.results.get(name);
    if (result === undefined) {
      result = this.evaluateNow(name, context);
      entry.results.set(name, result);
    }
    return result;
  }

  private mayReuseFor(context: EvaluationContext): boolean {
    return (
      this.answersFromDefinitions &&
      Object.isFrozen(context) &&
      (context.properties === undefined || Object.isFrozen(context.properties)) &&
      // Default stickiness falls back to a random number without a userId (or sessionId).
      typeof context.userId === 'string' &&
      context.userId !== '' &&
      context.currentTime === undefined
    );
  }

  private evaluateNow(name: string, context: EvaluationContext): FlagResult {
    const variant = this.client.getVariant(name, context);
    const payload = variant.payload
      ? Object.freeze({ type: variant.payload.type, value: String(variant.payload.value) })
      : undefined;
    // Frozen: a reused result is shared by concurrent responses.
    return Object.freeze({
      enabled: variant.feature_enabled ?? this.client.isEnabled(name, context),
      variant: Object.freeze({
        name: variant.name,
        enabled: variant.enabled,
        ...(payload && { payload }),
      }),
    });
  }

  /**
   * The tenant's flags (`<tenantId>.<name>`), from the index built when definitions last changed, so
   * "evaluate all my flags" costs no scan over every tenant's flags. Sorted by local name.
   */
  tenantFlags(tenantId: string): readonly TenantFlag[] {
    return this.byTenant.get(tenantId) ?? NO_FLAGS;
  }

  private reindex(): void {
    const definitions = this.client.getFeatureToggleDefinitions(true) ?? [];
    const groups = new Map<string, TenantFlag[]>();
    for (const feature of definitions) {
      const dot = feature.name.indexOf('.');
      if (dot <= 0 || dot === feature.name.length - 1) continue;
      const tenantId = feature.name.slice(0, dot);
      let group = groups.get(tenantId);
      if (!group) {
        group = [];
        groups.set(tenantId, group);
      }
      group.push(Object.freeze({ unleashName: feature.name, localName: feature.name.slice(dot + 1) }));
    }
    const next = new Map<string, readonly TenantFlag[]>();
    for (const [tenantId, group] of groups) {
      group.sort((a, b) => (a.localName < b.localName ? -1 : a.localName > b.localName ? 1 : 0));
      next.set(tenantId, Object.freeze(group));
    }
    // Swapped in whole: an evaluation in flight keeps the consistent list it already holds.
    this.byTenant = next;
    this.stable = stableFlagNames(definitions);
    this.revision++;
  }

  /** Names of every known (non-archived) flag starting with `prefix`. */
  flagNames(prefix = ''): string[] {
    return this.client
      .getFeatureToggleDefinitions()
      .map((feature) => feature.name)
      .filter((name) => name.startsWith(prefix));
  }

  hasFlag(name: string): boolean {
    return this.client.getFeatureToggleDefinition(name) !== undefined;
  }

  close(): void {
    this.client.destroy();
  }
}
