import { DomainError, isDomainError } from '@bulwark/core';

/**
 * A presented credential that is not acceptable (RFC 6750 §3.1 `invalid_token`). The message is the
 * problem `detail`; it says what is wrong and what to do, never echoing the credential.
 */
export class InvalidTokenError extends DomainError {
  constructor(message: string, cause?: unknown) {
    super('unauthenticated', message, cause === undefined ? {} : { cause });
  }
}

/** RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no quotes, no backslash). */
function quotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '');
}

/** The `WWW-Authenticate` challenge for an auth-related error, or undefined for any other error. */
export function wwwAuthenticateFor(error: unknown): string | undefined {
  if (!isDomainError(error)) return undefined;
  if (error instanceof InvalidTokenError) {
    return `Bearer error="invalid_token", error_description="${quotable(error.message)}"`;
  }
  if (error.code === 'unauthenticated') return 'Bearer';
  if (error.code === 'insufficient_scope') {
    const required = error.extensions?.required_scope;
    const scope = typeof required === 'string' ? `, scope="${quotable(required)}"` : '';
    return `Bearer error="insufficient_scope"${scope}, error_description="${quotable(error.message)}"`;
  }
  return undefined;
}
