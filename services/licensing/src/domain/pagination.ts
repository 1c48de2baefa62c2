import { ValidationError } from '@bulwark/core';

/** Cursors are opaque: base64url of the last id returned. Ids sort by creation time (UUIDv7). */
export interface PageInput {
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]+_[0-9a-z]{10,40}$/.test(id)) {
    throw new ValidationError('The cursor is not valid; pass the next_cursor of a previous page.', [
      { field: '/query/cursor', message: 'unknown cursor' },
    ]);
  }
  return id;
}

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 50, 1), 200);
}

/** Callers fetch `limit + 1` rows; the extra one only says whether another page exists. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}
