import type { FieldError } from '@bulwark/core';
import type { FastifySchemaValidationError } from 'fastify';

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query' };

/**
 * Turns ajv errors into `{ field: '/body/scope', message }` — one entry per offending field, with
 * missing and unexpected properties pointing at the property itself rather than its parent.
 */
export function validationFields(
  errors: FastifySchemaValidationError[],
  context: string | undefined,
): FieldError[] {
  const root = `/${CONTEXT_NAMES[context ?? ''] ?? context ?? 'body'}`;
  const seen = new Set<string>();
  const fields: FieldError[] = [];
  for (const error of errors) {
    const params = error.params;
    let path = error.instancePath ?? '';
    let message = error.message ?? 'is invalid';
    if (typeof params.missingProperty === 'string') {
      path = `${path}/${params.missingProperty}`;
      message = 'is required';
    } else if (typeof params.additionalProperty === 'string') {
      path = `${path}/${params.additionalProperty}`;
      message = 'is not an allowed property';
    }
    const field = `${root}${path}`;
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ field, message });
  }
  return fields;
}
