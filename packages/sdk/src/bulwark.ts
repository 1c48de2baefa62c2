import { AuthClient } from './auth/auth-client.js';
import { HttpClient } from './http.js';
import { type BulwarkOptions, type ServiceName, serviceUrl } from './options.js';

/**
 * The Bulwark client. `new Bulwark({ apiKey })` talks to a local `npm start` with no other settings.
 *
 *   import { Bulwark } from '@bulwark/sdk';
 *   const bw = new Bulwark({ apiKey, agentId });
 *   const authService = bw.auth;
 */
export class Bulwark {
  readonly auth: AuthClient;
  private readonly options: BulwarkOptions;

  constructor(options: BulwarkOptions = {}) {
    this.options = options;
    this.auth = new AuthClient(this.http('auth'), { agentId: options.agentId, hasApiKey: Boolean(options.apiKey) });
  }

  /** Alias of `auth`, matching the seed article's `authService`. */
  get authService(): AuthClient {
    return this.auth;
  }

  /** The base URL the client uses for a service. */
  url(service: ServiceName): string {
    return serviceUrl(this.options, service);
  }

  private http(service: ServiceName): HttpClient {
    const apiKey = this.options.apiKey;
    return new HttpClient({
      baseUrl: serviceUrl(this.options, service),
      timeoutMs: this.options.timeoutMs ?? 10_000,
      retries: this.options.retries ?? 2,
      fetch: this.options.fetch ?? globalThis.fetch.bind(globalThis),
      authorization: () => (apiKey ? `Bearer ${apiKey}` : undefined),
    });
  }
}
