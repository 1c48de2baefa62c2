/** SQLSTATE codes this package reacts to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PG_ERROR = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  duplicateDatabase: '42P04',
  invalidCatalogName: '3D000',
  objectInUse: '55006',
} as const;

/** The SQLSTATE of an error thrown by `pg`, or undefined for anything else. */
export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function hasPgErrorCode(error: unknown, ...codes: string[]): boolean {
  const code = pgErrorCode(error);
  return code !== undefined && codes.includes(code);
}
