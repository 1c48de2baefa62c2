import { ValidationError } from '@bulwark/core';

/** Keyset position: the (occurred_at, id) of the last row of the previous page. */
export interface Cursor {
  /** occurred_at as Postgres text, so microseconds survive the round trip. */
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      /^[0-9a-f-]{36}$/.test(id)
    ) {
      return { at, id };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('The cursor is invalid; pass next_cursor from a previous page unchanged.', [
    { field: '/querystring/cursor', message: 'not a cursor issued by this API' },
  ]);
}
