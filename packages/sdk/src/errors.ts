/** Every failure the SDK reports is a BulwarkError carrying the server's code, status and request id. */
export class BulwarkError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(input: {
    message: string;
    code: string;
    status: number;
    requestId?: string | undefined;
    body?: unknown;
  }) {
    super(input.message);
    this.name = 'BulwarkError';
    this.code = input.code;
    this.status = input.status;
    this.requestId = input.requestId;
    this.body = input.body;
  }

  /** True for failures worth retrying: network errors, timeouts and 5xx. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

interface ProblemBody {
  code?: unknown;
  detail?: unknown;
  title?: unknown;
  request_id?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** Builds a BulwarkError from a problem+json (RFC 9457) or OAuth (RFC 6749 §5.2) error body. */
export function errorFromResponse(
  status: number,
  body: unknown,
  requestId: string | undefined,
): BulwarkError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const code =
    typeof problem.code === 'string'
      ? problem.code
      : typeof problem.error === 'string'
        ? problem.error
        : `http_${status}`;
  const message =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.error_description === 'string'
        ? problem.error_description
        : typeof problem.title === 'string'
          ? problem.title
          : `Request failed with HTTP ${status}.`;
  const id = typeof problem.request_id === 'string' ? problem.request_id : requestId;
  return new BulwarkError({ message, code, status, requestId: id, body });
}
