import type { BodyOf, Page, QueryOf, ResponseOf } from '../api-types.js';
import type { paths } from '../generated/licensing.gen.js';
import type { HttpClient } from '../http.js';
import { toQuery } from '../http-query.js';

export type ValidateInput = BodyOf<paths, '/v1/licenses/validate', 'post'>;
export type ValidationResult = ResponseOf<paths, '/v1/licenses/validate', 'post'>;
export type ActivateInput = BodyOf<paths, '/v1/machines/activate', 'post'>;
export type Machine = ResponseOf<paths, '/v1/machines/activate', 'post'>;
export type CheckoutInput = BodyOf<paths, '/v1/licenses/checkout', 'post'>;
export type CheckedOutFile = ResponseOf<paths, '/v1/licenses/checkout', 'post'>;
export type LicensingKeys = ResponseOf<paths, '/v1/keys', 'get'>;
export type CreateProductInput = BodyOf<paths, '/v1/products', 'post'>;
export type Product = ResponseOf<paths, '/v1/products', 'post'>;
export type CreatePolicyInput = BodyOf<paths, '/v1/policies', 'post'>;
export type Policy = ResponseOf<paths, '/v1/policies', 'post'>;
export type IssueLicenseInput = BodyOf<paths, '/v1/licenses', 'post'>;
/** The issued license; `key` (BWL1.…) is the signed key to hand to the customer. */
export type IssuedLicense = ResponseOf<paths, '/v1/licenses', 'post'>;
export type License = ResponseOf<paths, '/v1/licenses/{id}', 'get'>;
export type LicenseListQuery = QueryOf<paths, '/v1/licenses', 'get'>;

export interface HeartbeatLoop {
  /** Stops the loop; resolves when no heartbeat is in flight. */
  stop(): Promise<void>;
}

/**
 * `bw.licensing`: online validation, activation and heartbeats (public routes: the key is the
 * credential), and the admin side (products, policies, licenses). Offline verification needs Node
 * crypto and lives in `@bulwark/sdk/node` (`verifyLicenseKeyOffline`, `verifyLicenseFileOffline`).
 */
export class LicensingClient {
  constructor(private readonly http: HttpClient) {}

  validate(input: ValidateInput): Promise<ValidationResult> {
    return this.http.request<ValidationResult>({
      method: 'POST',
      path: '/v1/licenses/validate',
      json: input,
    });
  }

  activate(input: ActivateInput): Promise<Machine> {
    return this.http.request<Machine>({
      method: 'POST',
      path: '/v1/machines/activate',
      json: input,
      idempotent: true,
    });
  }

  deactivate(input: { key: string; fingerprint: string }): Promise<void> {
    return this.http.request<void>({ method: 'POST', path: '/v1/machines/deactivate', json: input });
  }

  heartbeat(input: { key: string; fingerprint: string }): Promise<Machine> {
    return this.http.request<Machine>({ method: 'POST', path: '/v1/machines/heartbeat', json: input });
  }

  /**
   * Heartbeats every `intervalSeconds` (use the policy's heartbeat interval, or less) until stopped.
   * Failures go to `onError`; the loop keeps going so a short outage does not kill the machine.
   */
  startHeartbeat(
    input: { key: string; fingerprint: string },
    options: {
      intervalSeconds: number;
      onBeat?: (machine: Machine) => void;
      onError?: (error: unknown) => void;
    },
  ): HeartbeatLoop {
    let stopped = false;
    let inFlight: Promise<void> | undefined;
    const beat = () => {
      inFlight = this.heartbeat(input)
        .then((machine) => options.onBeat?.(machine))
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          inFlight = undefined;
        });
    };
    beat();
    const timer = setInterval(() => {
      if (!stopped && !inFlight) beat();
    }, options.intervalSeconds * 1000);
    (timer as { unref?: () => void }).unref?.();
    return {
      async stop() {
        stopped = true;
        clearInterval(timer);
        await inFlight;
      },
    };
  }

  /** A signed, encrypted license (or machine, with `fingerprint`) file for offline use. */
  checkout(input: CheckoutInput): Promise<CheckedOutFile> {
    return this.http.request<CheckedOutFile>({ method: 'POST', path: '/v1/licenses/checkout', json: input });
  }

  /** The Ed25519 public keys (JWKS) license keys and files are verified with. */
  keys(): Promise<LicensingKeys> {
    return this.http.request<LicensingKeys>({ method: 'GET', path: '/v1/keys' });
  }

  createProduct(input: CreateProductInput): Promise<Product> {
    return this.http.request<Product>({
      method: 'POST',
      path: '/v1/products',
      json: input,
      idempotent: true,
    });
  }

  createPolicy(input: CreatePolicyInput): Promise<Policy> {
    return this.http.request<Policy>({ method: 'POST', path: '/v1/policies', json: input, idempotent: true });
  }

  issue(input: IssueLicenseInput): Promise<IssuedLicense> {
    return this.http.request<IssuedLicense>({
      method: 'POST',
      path: '/v1/licenses',
      json: input,
      idempotent: true,
    });
  }

  list(query: LicenseListQuery = {}): Promise<Page<License>> {
    return this.http.request<Page<License>>({ method: 'GET', path: '/v1/licenses', query: toQuery(query) });
  }

  get(id: string): Promise<License> {
    return this.http.request<License>({ method: 'GET', path: `/v1/licenses/${encodeURIComponent(id)}` });
  }

  suspend(id: string): Promise<License> {
    return this.http.request<License>({
      method: 'POST',
      path: `/v1/licenses/${encodeURIComponent(id)}/suspend`,
    });
  }

  revoke(id: string): Promise<License> {
    return this.http.request<License>({
      method: 'POST',
      path: `/v1/licenses/${encodeURIComponent(id)}/revoke`,
    });
  }
}
