import { parse } from 'node:querystring';
import type { FastifyInstance } from 'fastify';

/**
 * application/x-www-form-urlencoded → `{ key: value | value[] }` (repeats kept, so the route can
 * reject them). node:querystring decodes exactly what the WHATWG form decoder does for these bodies
 * (`+` is a space, `%XX` escapes, a malformed escape kept as is) at a fraction of URLSearchParams'
 * cost, and returns a null-prototype object (a `__proto__` parameter is just a parameter).
 */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      done(null, parse(body as string, '&', '=', { maxKeys: 0 }));
    },
  );
}

export type FormBody = Record<string, string | string[]>;

/** Splits a parsed form into single-valued params; returns the name of a forbidden repeat. */
export function splitForm(
  body: unknown,
  repeatable: readonly string[] = [],
): { params: Record<string, string>; multi: Record<string, string[]>; duplicate: string | undefined } {
  const params: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  let duplicate: string | undefined;
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as FormBody)) {
      const values = Array.isArray(value) ? value : [String(value)];
      if (repeatable.includes(key)) multi[key] = values;
      else if (values.length > 1) duplicate ??= key;
      else params[key] = values[0] as string;
    }
  }
  return { params, multi, duplicate };
}
