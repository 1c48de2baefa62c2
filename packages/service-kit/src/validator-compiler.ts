import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

/** Header names arrive lower-cased from node; so must the names a header schema lists. */
function lowerCaseHeaderNames(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const object = schema as { properties?: Record<string, unknown>; required?: unknown };
  const copy: Record<string | symbol, unknown> = { ...object };
  if (object.properties && typeof object.properties === 'object') {
    copy.properties = Object.fromEntries(
      Object.entries(object.properties).map(([name, value]) => [name.toLowerCase(), value]),
    );
  }
  if (Array.isArray(object.required)) {
    copy.required = object.required.map((name) => (typeof name === 'string' ? name.toLowerCase() : name));
  }
  return copy;
}

/**
 * fastify's ajv, with one change: **request bodies are validated without type coercion**. fastify
 * shares one ajv (`coerceTypes: 'array'`) across every part of a request, which is right for the
 * querystring, path params and headers — they are strings by nature, so `?limit=5` must become 5 —
 * but wrong for a JSON body, where the client chose the types: coercion silently turned `""` into
 * `null` for a nullable field (clearing a value instead of answering 400) and `"5"` into 5. Bodies now
 * get a second ajv with the same options and `coerceTypes: false`; everything else is unchanged.
 *
 * Giving fastify a validator factory makes it treat validation as custom, and then it no longer
 * lower-cases the property names of header schemas itself; this does it (for `properties` and
 * `required` of an object schema, the shape TypeBox's `Type.Object` produces).
 */
export function bodyStrictValidatorFactory(): BuildValidator {
  const pool = AjvCompiler();
  return ((externalSchemas: Parameters<typeof pool>[0], options: Parameters<typeof pool>[1]) => {
    const coercing = pool(externalSchemas, options);
    const strict = pool(externalSchemas, {
      ...options,
      customOptions: { ...options?.customOptions, coerceTypes: false },
    } as Parameters<typeof pool>[1]);
    return (route: Parameters<typeof coercing>[0]) => {
      if (route.httpPart === 'body') return strict(route);
      if (route.httpPart === 'headers')
        return coercing({ ...route, schema: lowerCaseHeaderNames(route.schema) as typeof route.schema });
      return coercing(route);
    };
  }) as unknown as BuildValidator;
}
