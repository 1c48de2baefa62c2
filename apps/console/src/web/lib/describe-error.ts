import { BulwarkError } from '@bulwark/sdk';

export interface ErrorView {
  message: string;
  code: string;
  requestId: string | undefined;
  status: number | undefined;
  /** What the operator can do about it, when we know. */
  hint: string | undefined;
}

const HINTS: Record<number, string> = {
  0: 'The console server or the service did not answer. Is `npm start` running?',
  401: 'The API key was not accepted (mistyped, revoked or expired). Sign out and sign in again.',
  403: 'The API key lacks the scope this screen needs.',
  404: 'It does not exist in this tenant (or was deleted).',
  429: 'Too many requests; wait a moment and retry.',
  502: 'The console could not reach the service behind /api. Is it running?',
};

/** Turns anything thrown by an SDK call into what the error banner shows: code and request id first. */
export function describeError(error: unknown): ErrorView {
  if (error instanceof BulwarkError) {
    const fieldErrors = fieldMessages(error.body);
    return {
      message: fieldErrors ? `${error.message} ${fieldErrors}` : error.message,
      code: error.code,
      requestId: error.requestId,
      status: error.status,
      hint: HINTS[error.status],
    };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    code: 'console_error',
    requestId: undefined,
    status: undefined,
    hint: undefined,
  };
}

/** problem+json validation errors list the offending fields; show them. */
function fieldMessages(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return undefined;
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors
    .map((e: unknown) => {
      const item = (typeof e === 'object' && e !== null ? e : {}) as { field?: unknown; message?: unknown };
      return `${String(item.field ?? '?')}: ${String(item.message ?? 'invalid')}`;
    })
    .join('; ');
}
