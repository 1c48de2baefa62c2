import {
  auditEventErrors,
  type FieldError,
  isKnownAction,
  registerStringFormats,
  ValidationError,
} from '@bulwark/core';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { JOB_CATALOG, type JobName, type JobPayload } from './catalog.js';

/** Thrown when a payload does not match its catalog schema; `fields` lists every problem. */
export class JobPayloadError extends ValidationError {
  readonly queue: JobName;

  constructor(queue: JobName, fields: FieldError[], index?: number) {
    const where = index === undefined ? '' : ` (item ${index})`;
    const list = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    super(`Invalid "${queue}" job payload${where}: ${list}`, fields);
    this.queue = queue;
  }
}

// TypeBox checks `uuid`/`date-time` only once the formats are registered (core does it on import).
registerStringFormats();

// Compiled once at import. `Check` runs the generated code (a few µs per event); `Errors` walks the
// schema dynamically (~7x slower), so it only runs for a payload that already failed `Check`.
const compiled = {
  audit: TypeCompiler.Compile(JOB_CATALOG.audit.payload),
  metering: TypeCompiler.Compile(JOB_CATALOG.metering.payload),
  webhooks: TypeCompiler.Compile(JOB_CATALOG.webhooks.payload),
};

/** True when `payload` is a valid audit event: the compiled schema check plus the action registry. */
export function isValidAuditPayload(payload: unknown): boolean {
  return compiled.audit.Check(payload) && isKnownAction((payload as { action: string }).action);
}

/** Field errors of `payload` for queue `name`; audit payloads are also checked against the action registry. */
export function jobPayloadErrors(name: JobName, payload: unknown): FieldError[] {
  if (name === 'audit') return isValidAuditPayload(payload) ? [] : auditEventErrors(payload);
  if (compiled[name].Check(payload)) return [];
  return [...compiled[name].Errors(payload)].slice(0, 20).map((error) => ({
    field: error.path || '/',
    message: error.message,
  }));
}

export function assertJobPayload<N extends JobName>(
  name: N,
  payload: unknown,
  index?: number,
): asserts payload is JobPayload<N> {
  const errors = jobPayloadErrors(name, payload);
  if (errors.length > 0) throw new JobPayloadError(name, errors, index);
}
