import { ConflictError, DomainError, NotFoundError } from '@bulwark/core';

/** The slice of Unleash's Admin API (project `default`) that Bulwark's `/v1/flags` wraps. */
export interface UnleashConstraint {
  contextName: string;
  operator: string;
  values?: string[];
  value?: string;
  inverted?: boolean;
  caseInsensitive?: boolean;
}

export interface UnleashStrategyVariant {
  name: string;
  weight: number;
  weightType: 'variable' | 'fix';
  stickiness: string;
  payload?: { type: string; value: string };
}

export interface UnleashStrategy {
  id?: string;
  name: string;
  constraints: UnleashConstraint[];
  parameters: Record<string, string>;
  variants?: UnleashStrategyVariant[];
}

export interface UnleashFeature {
  name: string;
  description?: string | null;
  archived?: boolean;
  createdAt?: string;
  /** `strategies` is present on single-flag reads only, not in lists. */
  environments: { name: string; enabled: boolean; strategies?: UnleashStrategy[] }[];
}

export interface AdminApiOptions {
  /** Internal base URL including `/unleash`. */
  baseUrl: string;
  adminToken: string;
  project?: string;
  fetch?: typeof fetch;
}

export class UnleashAdminApi {
  private readonly project: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: AdminApiOptions) {
    this.project = options.project ?? 'default';
    this.doFetch = options.fetch ?? fetch;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.doFetch(`${this.options.baseUrl}/api/admin${path}`, {
      method,
      headers: {
        authorization: this.options.adminToken,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    // Unleash's error text can name internals; keep it out of our answers (it goes to `cause`).
    const cause = new Error(`Unleash ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    if (response.status === 404) throw new NotFoundError('Flag');
    if (response.status === 409) throw new ConflictError('A flag with this name already exists.');
    if (response.status === 400)
      throw new DomainError('bad_request', 'Unleash rejected the flag definition.', { cause });
    throw new DomainError('unavailable', 'The embedded Unleash did not accept the change; retry shortly.', {
      cause,
    });
  }

  private feature(name: string): string {
    return `/projects/${this.project}/features/${encodeURIComponent(name)}`;
  }

  async listFeatures(): Promise<UnleashFeature[]> {
    const body = await this.call<{ features: UnleashFeature[] }>('GET', `/projects/${this.project}/features`);
    return body.features;
  }

  getFeature(name: string): Promise<UnleashFeature> {
    return this.call<UnleashFeature>('GET', this.feature(name));
  }

  async createFeature(name: string, description: string | undefined): Promise<void> {
    await this.call('POST', `/projects/${this.project}/features`, {
      name,
      type: 'release',
      ...(description !== undefined && { description }),
    });
  }

  async addStrategy(name: string, environment: string, strategy: UnleashStrategy): Promise<void> {
    await this.call('POST', `${this.feature(name)}/environments/${environment}/strategies`, strategy);
  }

  async updateStrategy(
    name: string,
    environment: string,
    id: string,
    strategy: UnleashStrategy,
  ): Promise<void> {
    await this.call('PUT', `${this.feature(name)}/environments/${environment}/strategies/${id}`, strategy);
  }

  async deleteStrategy(name: string, environment: string, id: string): Promise<void> {
    await this.call('DELETE', `${this.feature(name)}/environments/${environment}/strategies/${id}`);
  }

  async setEnabled(name: string, environment: string, enabled: boolean): Promise<void> {
    await this.call('POST', `${this.feature(name)}/environments/${environment}/${enabled ? 'on' : 'off'}`);
  }

  async archive(name: string): Promise<void> {
    await this.call('DELETE', this.feature(name));
  }
}
