import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import { JOB_CATALOG, type JobDefinition, type JobName } from './catalog.js';
import type { CatalogQueue } from './open-queue.js';

/**
 * Envelope jobs: one BullMQ job carrying up to `envelope.maxItems` payloads of a catalog queue.
 *
 * Why: every BullMQ job costs about four Redis scripts over its life (add, fetch, finish, and the
 * consumer's own forward) and a Job object in three processes. At one job per audit event that —
 * not Postgres — capped the pipeline at ~4k events/s on a 2-core machine. An envelope pays those
 * costs once for hundreds of events. What does not change: every item keeps its own id (the event
 * id), and consumers stay idempotent per item (the audit store's id registry, billing's ledger
 * keyed by event id), so an envelope delivered twice, or overlapping another, stores nothing twice.
 *
 * An envelope's job name is `<queue>.batch` and its data `{ items: [...] }` (or, for an outbox batch
 * row, `{ items_json: "[...]" }`: see `batchRowEnvelopeJob`); plain one-payload jobs
 * (name = queue) stay valid on the same queue, so producers that send one event at a time, and jobs
 * already queued before an upgrade, keep working.
 */
export interface Envelope<T = Record<string, unknown>> {
  items: T[];
}

export interface EnvelopeItem<T = Record<string, unknown>> {
  /** The item's own id (event id): it names the envelope, the payload carries it too. */
  id: string;
  payload: T;
}

export function envelopeJobName(name: JobName): string {
  return `${name}.batch`;
}

export function isEnvelopeJob(name: JobName, job: Pick<Job, 'name'>): boolean {
  return job.name === envelopeJobName(name);
}

/** The most items one envelope of `name` carries, or undefined when the queue takes no envelopes. */
export function envelopeCapacity(name: JobName): number | undefined {
  const definition: JobDefinition = JOB_CATALOG[name];
  return definition.envelope?.maxItems;
}

/**
 * A deterministic job id from the item ids: the same items re-sent in the same envelope (a relay
 * that crashed between enqueue and commit re-claims the same rows) are absorbed by BullMQ's jobId
 * check. Any other overlap is absorbed by the consumer's per-item idempotency.
 */
export function envelopeJobId(ids: readonly string[]): string {
  const digest = createHash('sha256');
  for (const id of ids) digest.update(id).update('\n');
  return `env-${ids.length}-${digest.digest('hex').slice(0, 32)}`;
}

type BulkJobs = Parameters<CatalogQueue['addBulk']>[0];

/** Splits items into envelopes of at most the queue's capacity, in the given order. */
export function envelopeJobs(name: JobName, items: readonly EnvelopeItem[]): BulkJobs {
  const capacity = envelopeCapacity(name);
  if (capacity === undefined) throw new Error(`Queue "${name}" takes no envelope jobs.`);
  const jobs: BulkJobs = [];
  for (let offset = 0; offset < items.length; offset += capacity) {
    const chunk = items.slice(offset, offset + capacity);
    jobs.push({
      name: envelopeJobName(name),
      data: { items: chunk.map((item) => item.payload) },
      opts: { jobId: envelopeJobId(chunk.map((item) => item.id)) },
    });
  }
  return jobs;
}

/**
 * The envelope of one outbox batch row (`insertAuditEventBatch`): its items travel as the row's JSON
 * array text, `{ items_json: "[…]" }`, so the relay forwards the stored text without parsing and
 * re-serialising every event; consumers parse it once, in `jobItems`. The job id is the row's own
 * (a re-claimed row makes the same envelope, which BullMQ absorbs).
 */
export function batchRowEnvelopeJob(name: JobName, row: { id: string; batch: string }): BulkJobs[number] {
  return {
    name: envelopeJobName(name),
    data: { items_json: row.batch },
    opts: { jobId: `env-row-${row.id}` },
  };
}

/**
 * The payloads a job carries: the envelope's items (`items`, or `items_json` parsed), or the job's
 * own data. Undefined for an envelope that is neither `{ items: [≥ 1 item] }` nor
 * `{ items_json: "[≥ 1 item]" }` (a producer that bypassed the catalog).
 */
export function jobItems(name: JobName, job: Pick<Job, 'name' | 'data'>): unknown[] | undefined {
  if (!isEnvelopeJob(name, job)) return [job.data];
  const data = job.data as { items?: unknown; items_json?: unknown } | null;
  const items = typeof data?.items_json === 'string' ? parseItems(data.items_json) : data?.items;
  return Array.isArray(items) && items.length > 0 ? items : undefined;
}

function parseItems(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
