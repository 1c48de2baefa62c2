import type { FastifyInstance } from 'fastify';

/** application/x-www-form-urlencoded → `{ key: value | value[] }` (repeats kept, so the route can reject them). */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [key, value] of new URLSearchParams(body as string)) {
        const existing = out[key];
        if (existing === undefined) out[key] = value;
        else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      done(null, out);
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
