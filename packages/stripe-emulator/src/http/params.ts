import type { FormObject, FormValue } from './form-body.js';
import { invalidParam, missingParam } from './stripe-error.js';

/** Small readers over a decoded form or query object that throw Stripe-style parameter errors. */
export function optionalString(body: FormObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(key, `Invalid string: ${key}.`);
  return value;
}

export function requiredString(body: FormObject, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === '') throw missingParam(key);
  return value;
}

export function optionalObject(body: FormObject, key: string): FormObject | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(key, `Invalid object: ${key}.`);
  return value;
}

export function optionalInteger(body: FormObject, key: string): number | undefined {
  const value = optionalString(body, key);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParam(key, `Invalid integer: ${value}.`);
  return Number(value);
}

export function stringRecord(value: FormValue | undefined, key: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(key, `Invalid hash: ${key}.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalidParam(`${key}[${k}]`, `Invalid string: ${key}[${k}].`);
    out[k] = v;
  }
  return out;
}

export function asFormObject(value: unknown): FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as FormObject) : {};
}

/** Stripe list pagination: `limit` (1..100, default 10) and `starting_after` (an id in the list). */
export function paginate<T extends { id: string }>(
  items: T[],
  query: FormObject,
  url: string,
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = optionalInteger(query, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('limit', 'limit must be between 1 and 100.');
  const after = optionalString(query, 'starting_after');
  let start = 0;
  if (after !== undefined) {
    const index = items.findIndex((item) => item.id === after);
    if (index === -1) throw invalidParam('starting_after', `No such object: '${after}'`);
    start = index + 1;
  }
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length, url };
}
