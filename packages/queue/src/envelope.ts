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
 * An envelope's job name is `<queue>.batch` and its data `{ items: [...] }` (or, for outbox batch
 * rows, `{ items_json: "[...]" }`: see `batchRowEnvelopeJobs`); plain one-payload jobs
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
 * check. Any other overlap is absorbed by the consumer's per-item idempotency. `prefix` names what
 * the ids are: `env` for items (event ids), `env-rows` for packed outbox batch rows (row ids).
 */
export function envelopeJobId(ids: readonly string[], prefix = 'env'): string {
  const digest = createHash('sha256');
  for (const id of ids) digest.update(id).update('\n');
  return `${prefix}-${ids.length}-${digest.digest('hex').slice(0, 32)}`;
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

/** An outbox batch row as the relay forwards it: its JSON array text and its event count, if known. */
export interface BatchRowText {
  id: string;
  batch: string;
  /** `batch_items` (migration 0004); null on rows written before it, which go alone. */
  items: number | null;
}

/**
 * The envelopes of outbox batch rows (`insertAuditEventBatch`), in the given (claim) order: consecutive
 * rows are packed into one envelope while their counts add up to at most the queue's capacity. Items
 * travel as JSON array text, `{ items_json: "[…]" }`, built from the rows' stored texts without
 * parsing or re-serialising any event; consumers parse it once, in `jobItems`. Why pack: a group
 * commit's row holds ~20 events under load, and one job per row paid the per-job Redis and Job-object
 * costs envelopes exist to spread over 250 items.
 *
 * Job ids are deterministic for the same rows in the same order (a relay that crashed between enqueue
 * and commit re-claims them and makes the same envelopes, which BullMQ absorbs): `env-row-<row id>`
 * for a row alone, `env-rows-<n>-<sha256 of the row ids>` for several. A row of unknown count, or
 * whose text is not a non-empty array, is forwarded alone and as stored, as before packing existed.
 */
export function batchRowEnvelopeJobs(name: JobName, rows: readonly BatchRowText[]): BulkJobs {
  const capacity = envelopeCapacity(name);
  if (capacity === undefined) throw new Error(`Queue "${name}" takes no envelope jobs.`);
  const jobs: BulkJobs = [];
  let run: { row: BatchRowText; inner: string }[] = [];
  let runItems = 0;
  const closeRun = () => {
    if (run.length === 1 && run[0]) jobs.push(singleBatchRowJob(name, run[0].row));
    else if (run.length > 1) jobs.push(packedBatchRowsJob(name, run));
    run = [];
    runItems = 0;
  };
  for (const row of rows) {
    const inner = row.items === null ? undefined : arrayInnerText(row.batch);
    if (row.items === null || inner === undefined) {
      closeRun();
      jobs.push(singleBatchRowJob(name, row));
      continue;
    }
    if (runItems + row.items > capacity) closeRun();
    run.push({ row, inner });
    runItems += row.items;
  }
  closeRun();
  return jobs;
}

/** A row's own envelope: its text forwarded exactly as stored, its id from the row. */
function singleBatchRowJob(name: JobName, row: BatchRowText): BulkJobs[number] {
  return {
    name: envelopeJobName(name),
    data: { items_json: row.batch },
    opts: { jobId: `env-row-${row.id}` },
  };
}

/** Several rows' items in one array: their inner texts joined, in order; the id hashes the row ids. */
function packedBatchRowsJob(
  name: JobName,
  run: readonly { row: BatchRowText; inner: string }[],
): BulkJobs[number] {
  return {
    name: envelopeJobName(name),
    data: { items_json: `[${run.map(({ inner }) => inner).join(',')}]` },
    // Same digest as single rows' envelopes, over the row ids: `env-rows-<n>-<hex>`.
    opts: {
      jobId: envelopeJobId(
        run.map(({ row }) => row.id),
        'env-rows',
      ),
    },
  };
}

/**
 * The text between a JSON array's brackets, trimmed, or undefined when the text is not bracketed or
 * the array is empty. Joining such texts with commas gives the concatenated array, no parse needed:
 * the outbox CHECK guarantees every stored batch is a JSON array.
 */
function arrayInnerText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  const inner = trimmed.slice(1, -1).trim();
  return inner === '' ? undefined : inner;
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
