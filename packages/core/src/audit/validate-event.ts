import '../formats.js';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FieldError } from '../errors.js';
import { isKnownAction } from './actions.js';
import { type AuditEvent, AuditEventSchema } from './event.js';

const compiled = TypeCompiler.Compile(AuditEventSchema);

/** Validates an event against the schema and the action registry; returns the field errors. */
export function auditEventErrors(candidate: unknown): FieldError[] {
  // The compiled check is a yes/no in a few µs; the Errors walk (several times slower) only runs to
  // describe an event that failed it.
  if (compiled.Check(candidate)) {
    const action = (candidate as { action: string }).action;
    return isKnownAction(action)
      ? []
      : [{ field: '/action', message: `"${action}" is not a registered action or agent.action.*` }];
  }
  const errors: FieldError[] = [...compiled.Errors(candidate)].slice(0, 20).map((error) => ({
    field: error.path || '/',
    message: error.message,
  }));
  const action = (candidate as { action?: unknown } | null)?.action;
  if (errors.length === 0 && typeof action === 'string' && !isKnownAction(action)) {
    errors.push({ field: '/action', message: `"${action}" is not a registered action or agent.action.*` });
  }
  return errors;
}

export function isAuditEvent(candidate: unknown): candidate is AuditEvent {
  return auditEventErrors(candidate).length === 0;
}
