/**
 * Stripe's error envelope: `{ error: { type, code, message, param } }`. Routes throw a `StripeApiError`;
 * the app's error handler renders it with the same status and headers Stripe would send, so the official
 * SDK raises the same exception class it raises against api.stripe.com.
 */
export type StripeErrorType =
  | 'invalid_request_error'
  | 'api_error'
  | 'idempotency_error'
  | 'rate_limit'
  | 'temporary_session_expired';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** Value of `Stripe-Should-Retry`, which the SDK obeys; undefined sends no header. */
    readonly shouldRetry?: boolean,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (param !== undefined) body.param = param;
  if (code !== undefined) body.code = code;
  return new StripeApiError(400, body);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function invalidParam(param: string, message: string): StripeApiError {
  return invalidRequest(message, param, 'parameter_invalid_string');
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function unauthenticated(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

export function rateLimited(): StripeApiError {
  return new StripeApiError(429, {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message:
      'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
  });
}

/** What Stripe answers when another request holds the lock on the same object (here: customer + meter). */
export function lockTimeout(): StripeApiError {
  return new StripeApiError(
    429,
    {
      type: 'invalid_request_error',
      code: 'lock_timeout',
      message:
        'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. Only one concurrent meter event request per customer and meter is allowed; retry the request.',
    },
    true,
  );
}

export function injectedServerError(): StripeApiError {
  return new StripeApiError(500, {
    type: 'api_error',
    message: 'An unknown error occurred (injected by the emulator).',
  });
}
