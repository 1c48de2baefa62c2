import { advisoryLockKey } from '@bulwark/db';
import type { AuditEvent } from '@bulwark/core';
import { createProducer, errorMessage, type RelayLog } from '@bulwark/queue';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { oldestWaitingSince } from './queue-backlog.js';
import { redisMarkerKey, redisMarkerMissing, setRedisMarker } from './redis-loss-marker.js';
import type { ReconcileSource } from './reconcile-sources.js';
import { reconcileSource, type SourcePassOptions } from './reconcile-source.js';
import {
  ensureSourceRows,
  recordOutcome,
  requestRescan,
  type SourceCounts,
  type SourceOutcome,
} from './reconcile-state-sql.js';
import { isAbsentSource, SourcePools } from './source-pools.js';

export interface ReconcilerOptions extends Omit<SourcePassOptions, 'pageSize' | 'dispatchedBefore'> {
  /** The audit database (store, id registry, reconciler state). */
  store: Pool;
  storeKey: string;
  sources: readonly ReconcileSource[];
  connection: Redis;
  redisPrefix: string;
  pageSize?: number;
  /** Bound on each Redis step (marker, re-enqueue), as the relay's enqueueTimeoutMs. */
  redisTimeoutMs?: number;
  log: RelayLog;
}

export interface SourceReport extends SourceCounts {
  source: string;
  status: SourceOutcome;
  detail: string | null;
}

export interface ReconcileReport {
  /** False when another process held the reconciler lock (it is doing this run). */
  ran: boolean;
  /** The Redis marker was gone: first run, or Redis lost its contents; the window was compared again. */
  rescanned: boolean;
  /**
   * Set when jobs were waiting in the `audit` queue: rows dispatched after this time (the oldest
   * waiting job's, less the grace period) were left for a later run (queue-backlog.ts).
   */
  heldBackFrom?: string;
  sources: SourceReport[];
}

export interface Reconciler {
  runOnce(): Promise<ReconcileReport>;
  close(): Promise<void>;
}

const LOCK = advisoryLockKey('bulwark_audit_reconcile');
const zero: SourceCounts = { scanned: 0, missing: 0, reenqueued: 0, invalid: 0 };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Compares what the source outboxes dispatched with what the store holds and re-enqueues what is
 * missing (README "Reconciler"). One process at a time: a session advisory lock on the store; a
 * process that does not get it skips the run.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, log } = options;
  const redisTimeoutMs = options.redisTimeoutMs ?? 15_000;
  const producer = createProducer('audit', { connection: options.connection, prefix: options.redisPrefix });
  const pools = new SourcePools(store, options.storeKey);
  const markerKey = redisMarkerKey(options.redisPrefix);
  const lastOutcome = new Map<string, SourceOutcome>();
  const pass = {
    graceMs: options.graceMs,
    windowMs: options.windowMs,
    maxRows: options.maxRows,
    pageSize: options.pageSize ?? 1000,
  };

  const requeue = async (events: readonly AuditEvent[]) => {
    if (events.length === 0) return;
    await withTimeout(
      producer.addBulk(events.map((event) => ({ payload: event, jobId: event.id }))),
      redisTimeoutMs,
      're-enqueue to "audit"',
    );
  };

  async function runSource(source: ReconcileSource, dispatchedBefore: string | null): Promise<SourceReport> {
    try {
      const result = await reconcileSource(store, pools.poolFor(source), source.key, requeue, {
        ...pass,
        dispatchedBefore,
      });
      if (result.missing > 0) {
        log.warn(
          {
            source: source.key,
            missing: result.missing,
            reenqueued: result.reenqueued,
            invalid: result.invalid,
          },
          'Reconciler: dispatched audit events missing from the store were re-enqueued',
        );
      }
      if (result.invalid > 0) {
        log.error(
          { source: source.key, event_ids: result.invalidIds },
          'Reconciler: missing events that cannot be re-enqueued (invalid payload or pruned row)',
        );
      }
      const { invalidIds: _ids, ...counts } = result;
      return { source: source.key, status: 'ok', detail: null, ...counts };
    } catch (error) {
      const status: SourceOutcome = isAbsentSource(error) ? 'skipped' : 'failed';
      const detail = errorMessage(error).slice(0, 500);
      if (lastOutcome.get(source.key) !== status) {
        log.warn(
          { source: source.key, detail },
          status === 'skipped'
            ? 'Reconciler: source has no database or outbox here; skipped'
            : 'Reconciler: source failed; retried next run',
        );
      }
      return { source: source.key, status, detail, ...zero };
    }
  }

  async function reconcileAll(): Promise<Omit<ReconcileReport, 'ran'>> {
    await ensureSourceRows(
      store,
      options.sources.map((source) => source.key),
    );
    const rescanned = await withTimeout(
      redisMarkerMissing(options.connection, markerKey),
      redisTimeoutMs,
      'Redis',
    );
    if (rescanned) {
      await requestRescan(store);
      await withTimeout(setRedisMarker(options.connection, markerKey), redisTimeoutMs, 'Redis');
      log.warn(
        { window_ms: options.windowMs },
        'Reconciler: no marker in Redis (first run or Redis lost its contents); comparing the whole window',
      );
    }
    const waitingSince = await withTimeout(oldestWaitingSince(producer.queue), redisTimeoutMs, 'Redis');
    const heldBackFrom =
      waitingSince === undefined ? undefined : new Date(waitingSince - options.graceMs).toISOString();
    const sources: SourceReport[] = [];
    for (const source of options.sources) {
      const report = await runSource(source, heldBackFrom ?? null);
      lastOutcome.set(source.key, report.status);
      await recordOutcome(store, source.key, report.status, report, report.detail);
      sources.push(report);
    }
    return { rescanned, ...(heldBackFrom !== undefined && { heldBackFrom }), sources };
  }

  return {
    async runOnce() {
      const client = await store.connect();
      let locked = false;
      try {
        const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
          LOCK,
        ]);
        locked = result.rows[0]?.ok === true;
        if (!locked) return { ran: false, rescanned: false, sources: [] };
        return { ran: true, ...(await reconcileAll()) };
      } finally {
        if (!locked) client.release();
        else {
          // A session lock must not stay on a pooled connection: if the unlock fails, drop the connection.
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [LOCK]).then(
            () => client.release(),
            (error: Error) => client.release(error),
          );
        }
      }
    },
    async close() {
      await producer.close();
      await pools.close();
    },
  };
}
