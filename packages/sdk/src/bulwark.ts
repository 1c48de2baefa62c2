import { AuditClient } from './audit/audit-client.js';
import { AuthClient } from './auth/auth-client.js';
import { BillingClient } from './billing/billing-client.js';
import { FlagsClient } from './flags/flags-client.js';
import { HttpClient } from './http.js';
import { LicensingClient } from './licensing/licensing-client.js';
import { type BulwarkOptions, type ServiceName, serviceUrl } from './options.js';
import { type VerifierOptions, createVerifier } from './verifier/create-verifier.js';

/**
 * The Bulwark client. `new Bulwark({ apiKey })` talks to a local `npm start` with no other settings.
 *
 *   import { Bulwark } from '@bulwark/sdk';
 *   const bw = new Bulwark({ apiKey, agentId });
 *   const authService = bw.auth;
 */
export class Bulwark {
  readonly auth: AuthClient;
  readonly audit: AuditClient;
  readonly billing: BillingClient;
  readonly licensing: LicensingClient;
  readonly flags: FlagsClient;
  private readonly options: BulwarkOptions;

  constructor(options: BulwarkOptions = {}) {
    this.options = options;
    this.auth = new AuthClient(this.http('auth'), {
      agentId: options.agentId,
      hasApiKey: Boolean(options.apiKey),
    });
    this.audit = new AuditClient(this.http('audit'));
    this.billing = new BillingClient(this.http('billing'));
    this.licensing = new LicensingClient(this.http('licensing'));
    this.flags = new FlagsClient(this.http('flags'), options.flags);
  }

  /** Alias of `auth`, matching the seed article's `authService`. */
  get authService(): AuthClient {
    return this.auth;
  }

  /** The base URL the client uses for a service. */
  url(service: ServiceName): string {
    return serviceUrl(this.options, service);
  }

  /**
   * A resource-server verifier for this install: issuer = auth's URL unless given, audience
   * `bulwark` unless given. Call `connectRevocationFeed({ apiKey })` on it to apply revocations.
   */
  verifier(options: Partial<VerifierOptions> = {}) {
    return createVerifier({ issuer: this.url('auth'), audience: 'bulwark', ...options });
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
