/**
 * One error shape everywhere. Domain code throws a `DomainError` with a stable `code`; the HTTP
 * edge maps the code to a status with `ERROR_STATUS` and renders RFC 9457 problem+json.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  idempotency_conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/body/scope`. */
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  detail?: string;
  fields?: FieldError[];
  /** Extra members for the problem body (e.g. `required_scope`). Never put secrets here. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fields = options.fields;
    this.extensions = options.extensions;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, fields: FieldError[] = []) {
    super('validation_failed', message, { fields });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super('not_found', id ? `${entity} ${id} was not found.` : `${entity} was not found.`, {
      extensions: { entity },
    });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions?: Record<string, unknown>) {
    super('conflict', message, extensions ? { extensions } : {});
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication is required: send `Authorization: Bearer <token or API key>`.') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class InsufficientScopeError extends DomainError {
  constructor(required: string, granted: readonly string[]) {
    super(
      'insufficient_scope',
      `This call needs the scope "${required}". Ask an admin for a credential that includes it.`,
      { extensions: { required_scope: required, granted_scopes: [...granted] } },
    );
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', `Too many requests. Retry after ${retryAfterSeconds} seconds.`, {
      extensions: { retry_after: retryAfterSeconds },
    });
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const PROBLEM_TYPE_BASE = 'https://bulwark.dev/problems/';

export function problemFor(input: {
  status: number;
  code: string;
  detail: string;
  requestId: string;
  fields?: FieldError[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}): ProblemDetails {
  const body: ProblemDetails = {
    ...(input.extensions ?? {}),
    type: `${PROBLEM_TYPE_BASE}${input.code.replace(/_/g, '-')}`,
    title: TITLES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    code: input.code,
    request_id: input.requestId,
  };
  if (input.fields && input.fields.length > 0) body.errors = input.fields;
  return body;
}

export function problemFromDomainError(error: DomainError, requestId: string): ProblemDetails {
  return problemFor({
    status: error.status,
    code: error.code,
    detail: error.message,
    requestId,
    fields: error.fields,
    extensions: error.extensions,
  });
}
