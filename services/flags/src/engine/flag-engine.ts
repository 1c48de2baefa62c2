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

  /** Names of every known (non-archived) flag starting with `prefix`. */
  flagNames(prefix = ''): string[] {
    return this.client
      .getFeatureToggleDefinitions()
      .map((feature) => feature.name)
      .filter((name) => name.startsWith(prefix));
  }

  hasFlag(name: string): boolean {
    return this.client.getFeatureToggleDefinitions().some((feature) => feature.name === name);
  }

  close(): void {
    this.client.destroy();
  }
}
