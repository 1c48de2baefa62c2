import { type Context, InMemStorageProvider, Unleash, type Variant } from 'unleash-client';

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
    this.synced = new Promise<void>((resolve) => {
      this.client.once('synchronized', () => resolve());
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

  evaluate(name: string, context: EvaluationContext): FlagResult {
    const variant = this.client.getVariant(name, context);
    return {
      enabled: variant.feature_enabled ?? this.client.isEnabled(name, context),
      variant: {
        name: variant.name,
        enabled: variant.enabled,
        ...(variant.payload && {
          payload: { type: variant.payload.type, value: String(variant.payload.value) },
        }),
      },
    };
  }

  /**
   * The tenant's flags (`<tenantId>.<name>`), from the index built when definitions last changed, so
   * "evaluate all my flags" costs no scan over every tenant's flags. Sorted by local name.
   */
  tenantFlags(tenantId: string): readonly TenantFlag[] {
    return this.byTenant.get(tenantId) ?? NO_FLAGS;
  }

  private reindex(): void {
    const groups = new Map<string, TenantFlag[]>();
    for (const feature of this.client.getFeatureToggleDefinitions()) {
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
