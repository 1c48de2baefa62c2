import { AuditEventSchema } from '@bulwark/core';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { DefaultJobOptions } from 'bullmq';

/**
 * The typed catalog of Bulwark's background jobs: one queue per name, its payload schema and its
 * retry/retention policy. Producers and workers are built from it, so a name that is not here
 * cannot be enqueued and a payload that does not match its schema never reaches Redis.
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  payload: S;
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  /**
   * Completed jobs are kept for a while so a repeated `jobId` (an outbox row re-sent after a relay
   * crash) is absorbed by BullMQ instead of running twice; after that window, consumers must still
   * be idempotent (the audit store inserts `ON CONFLICT (id) DO NOTHING`).
   */
  removeOnComplete: { age: number; count: number };
  /** Failed jobs are never removed automatically: they must stay visible for inspection and retry. */
  removeOnFail: false;
  /**
   * Set for queues whose producers send envelope jobs (`envelope.ts`): one job carrying up to
   * `maxItems` payloads, for queues with one small job per event where the per-job Redis cost
   * dominates. Consumers of such a queue accept both envelopes and plain jobs.
   */
  envelope?: { maxItems: number };
}

const Party = AuditEventSchema.properties.actor;

export const MeteringPayloadSchema = Type.Object(
  {
    event_id: Type.String({ format: 'uuid' }),
    tenant_id: Type.String({ minLength: 1, maxLength: 100 }),
    occurred_at: Type.String({ format: 'date-time' }),
    action: AuditEventSchema.properties.action,
    units: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    actor: Party,
    on_behalf_of: Type.Union([Party, Type.Null()]),
    delegation_chain: AuditEventSchema.properties.delegation_chain,
  },
  { additionalProperties: false, $id: 'MeteringJob' },
);

export const WebhookPayloadSchema = Type.Object(
  {
    sink_id: Type.String({ minLength: 1, maxLength: 100 }),
    event_ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false, $id: 'WebhookJob' },
);

const HOUR = 3600;

/**
 * Completed envelopes carry 250 events each: a short history (visible on the dashboard) is kept,
 * not 24 h of them. BullMQ trims the completed set as a whole, so plain jobs of these queues share
 * it; their jobId dedupe window is short too, which is safe because their consumers dedupe per
 * event id (audit's id registry, billing's ledger).
 */
const ENVELOPED_RETENTION = { age: HOUR, count: 1000 };

export const JOB_CATALOG = {
  /**
   * Audit events relayed from every service's outbox: envelopes of up to 250 events (the relay),
   * or one event per job with `jobId` = event id.
   */
  audit: {
    payload: AuditEventSchema,
    attempts: 20,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: ENVELOPED_RETENTION,
    removeOnFail: false,
    envelope: { maxItems: 250 },
  },
  /** Billable events forwarded by the audit worker to billing, in envelopes like `audit`. */
  metering: {
    payload: MeteringPayloadSchema,
    attempts: 20,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: ENVELOPED_RETENTION,
    removeOnFail: false,
    envelope: { maxItems: 250 },
  },
  /** Deliveries of a batch of audit events to a customer's sink (SIEM, HTTP endpoint). */
  webhooks: {
    payload: WebhookPayloadSchema,
    attempts: 12,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 24 * HOUR, count: 50_000 },
    removeOnFail: false,
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<N extends JobName> = Static<(typeof JOB_CATALOG)[N]['payload']>;

export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_CATALOG, name);
}

/** BullMQ default job options for a catalog entry. */
export function defaultJobOptions(name: JobName): DefaultJobOptions {
  const definition: JobDefinition = JOB_CATALOG[name];
  return {
    attempts: definition.attempts,
    backoff: { ...definition.backoff },
    removeOnComplete: { ...definition.removeOnComplete },
    removeOnFail: definition.removeOnFail,
  };
}
