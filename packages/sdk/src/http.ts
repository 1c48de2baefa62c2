import { BulwarkError, errorFromResponse } from './errors.js';

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  fetch: typeof fetch;
  /** Returns the Authorization header value for a call, if any. */
  authorization?: () => string | undefined;
}

export interface RequestInput {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Overrides the client-wide Authorization header. */
  authorization?: string;
  /** POSTs that create things get an Idempotency-Key so a retry can't create twice. */
  idempotent?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function randomKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A small fetch wrapper: JSON/form bodies, per-attempt timeouts, and retries with exponential
 * backoff and jitter for network errors and 5xx only. A 4xx is never retried.
 */
export class HttpClient {
  constructor(private readonly options: HttpOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /**
   * A streaming GET (exports, SSE): the Response once its headers arrived with a 2xx, never retried.
   * `signal` stops the stream; the client timeout only bounds the wait for the headers.
   */
  async stream(
    input: Omit<RequestInput, 'method' | 'json' | 'form'> & { signal?: AbortSignal },
  ): Promise<Response> {
    const url = new URL(input.path, `${this.options.baseUrl}/`);
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...input.headers };
    const authorization = input.authorization ?? this.options.authorization?.();
    if (authorization) headers.authorization = authorization;
    const controller = new AbortController();
    input.signal?.addEventListener('abort', () => controller.abort(input.signal?.reason), { once: true });
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.options.timeoutMs);
    let response: Response;
    try {
      response = await this.options.fetch(url, { method: 'GET', headers, signal: controller.signal });
    } catch (cause) {
      throw new BulwarkError({
        message: `Could not stream ${url.origin}${url.pathname}: ${String((cause as Error).message ?? cause)}`,
        code: 'network_error',
        status: 0,
      });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      throw errorFromResponse(response.status, parsed, response.headers.get('x-request-id') ?? undefined);
    }
    return response;
  }

  async request<T>(input: RequestInput): Promise<T> {
    const url = new URL(input.path, `${this.options.baseUrl}/`);
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...input.headers };
    const authorization = input.authorization ?? this.options.authorization?.();
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (input.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(input.form)) if (value !== undefined) params.set(key, value);
      body = params.toString();
    } else if (input.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input.json);
    }
    if (input.idempotent && input.method === 'POST' && !headers['idempotency-key']) {
      headers['idempotency-key'] = randomKey();
    }

    let attempt = 0;
    for (;;) {
      try {
        return await this.once<T>(url, input.method, headers, body);
      } catch (error) {
        const retryable = error instanceof BulwarkError && error.retryable;
        const safeToRetry = input.method !== 'POST' || input.idempotent || error instanceof BulwarkError;
        if (!retryable || !safeToRetry || attempt >= this.options.retries) throw error;
        attempt += 1;
        await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    }
  }

  private async once<T>(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.options.fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      const timedOut =
        cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new BulwarkError({
        message: timedOut
          ? `${method} ${url.origin}${url.pathname} timed out after ${this.options.timeoutMs} ms.`
          : `Could not reach ${url.origin}: is the Bulwark service running? (${String((cause as Error).message ?? cause)})`,
        code: timedOut ? 'timeout' : 'network_error',
        status: 0,
      });
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const text = await response.text();
    let parsed: unknown = text;
    if (text.length > 0 && /json/.test(response.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) throw errorFromResponse(response.status, parsed, requestId);
    return (text.length === 0 ? undefined : parsed) as T;
  }
}
