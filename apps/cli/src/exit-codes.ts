import { BulwarkError } from '@bulwark/sdk';

/** Exit codes scripts can rely on (documented in apps/cli/README.md). */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  unavailable: 6,
  /** A check ran and said no: invalid token, broken audit chain, invalid license. */
  checkFailed: 7,
} as const;

/** A mistake in how the command was called: exit 2 with the message and a hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A check that ran and failed (exit 7); the result has already been printed. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof CheckFailed) return EXIT.checkFailed;
  if (error instanceof BulwarkError) {
    if (error.status === 0 || error.status >= 500) return EXIT.unavailable;
    if (error.status === 401 || error.status === 403) return EXIT.auth;
    if (error.status === 404) return EXIT.notFound;
    if (error.status === 409) return EXIT.conflict;
    if (error.status === 400 || error.status === 422) return EXIT.usage;
  }
  return EXIT.error;
}
