import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { JOB_NAMES, type JobName } from '../catalog.js';
import { batchRowEnvelopeJobs, envelopeCapacity, envelopeJobs } from '../envelope.js';
import { addBulkInChunks, type CatalogQueue, openQueue } from '../open-queue.js';
import { listenForOutbox, type OutboxListener } from './listen-client.js';
import { errorMessage, type RelayLog, silentLog } from './log.js';
import { OUTBOX_CHANNEL } from './migrations.js';
import {
  claimForDispatch,
  countUndispatched,
  databaseNow,
  type OutboxRow,
  pruneDispatched,
  recordFailure,
  undispatchRecent,
} from './outbox-sql.js';
import { type EpochLoss, keepLaterLoss, RedisEpochs } from './redis-epoch.js';
import { Wakeup } from './wakeup.js';

export interface OutboxRelayOptions {
  /** The service's pool; the relay borrows one connection per batch. */
  pool: Pool;
  /** For the dedicated LISTEN connection; without it the relay only polls. */
  connectionString?: string;
  /** Redis connection (from `redisConnection(url)`); shared, not closed by `stop()`. */
  connection: Redis;
  /** `REDIS_PREFIX`; queues live under `${prefix}bull`. */
  prefix: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (lost while the LISTEN connection was down, or none sent). */
  pollIntervalMs?: number;
  /** An enqueue that has not answered by then counts as failed (Redis down); the batch is rolled back. */
  enqueueTimeoutMs?: number;
  /** Upper bound of the backoff between failed batches. */
  maxBackoffMs?: number;
  /**
   * Dispatched rows are kept this long (for inspection), then pruned. It is also how far back a
   * detected Redis loss re-dispatches: it must exceed the worst time to notice the loss.
   */
  retentionMs?: number;
  pruneIntervalMs?: number;
  pruneBatchSize?: number;
  log?: RelayLog;
  /** Test-only seams; production code leaves them unset. */
  hooks?: {
    /** Runs after the jobs are in Redis and before the rows are marked dispatched (crash tests pause here). */
    afterEnqueue?: (ids: readonly string[]) => Promise<void>;
  };
}

export interface RelayStats {
  /** Rows this relay enqueued and marked dispatched. */
  dispatched: number;
  batches: number;
  /** Batches rolled back because enqueue (or the database) failed. */
  failures: number;
  pruned: number;
  /** Redis losses this relay detected (epoch sentinel missing or replaced), per topic. */
  redisLosses: number;
  /** Dispatched rows this relay marked undispatched again after a Redis loss. */
  redispatched: number;
  lastError: string | null;
}

export interface OutboxRelay {
  /** Finishes the batch in flight, stops the loop, closes the LISTEN connection and the queues. */
  stop(): Promise<void>;
  /** Dispatches until no undispatched row is left (rows held by other relays included). */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  readonly stats: Readonly<RelayStats>;
}

/**
 * Moves outbox rows into their BullMQ queues: envelope jobs for queues that take them (`audit`,
 * `metering`: up to 250 events per job, from single rows or packed batch rows, id derived from the
 * row ids), else `jobId` = row id = event id.
 * Delivery into Redis is at least once: a crash between enqueue and commit re-sends the batch;
 * BullMQ ignores a job id it already holds (a re-claimed batch of the same rows makes the same
 * envelope ids), and consumers dedupe per event id whatever the envelope. Failures never lose a row:
 * the transaction rolls back, the row keeps `dispatched_at IS NULL`, and the loop backs off.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  // 1,000 rows = one addBulk of ~1 MB: big enough to amortise the claim/mark round trips, small
  // enough that one MULTI does not stall Redis for other clients.
  const batchSize = options.batchSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 15_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const retentionMs = options.retentionMs ?? 24 * 3600_000;
  const pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
  const pruneBatchSize = options.pruneBatchSize ?? 1000;
  const log = options.log ?? silentLog;
  const { pool } = options;

  const stats: RelayStats = {
    dispatched: 0,
    batches: 0,
    failures: 0,
    pruned: 0,
    redisLosses: 0,
    redispatched: 0,
    lastError: null,
  };
  const epochs = new RedisEpochs(options.connection, options.prefix, JOB_NAMES, log);
  /** Losses detected whose re-dispatch has not completed yet (retried after every batch). */
  const pendingResets = new Map<string, EpochLoss>();
  const queues = new Map<JobName, CatalogQueue>();
  const wakeup = new Wakeup();
  let running = true;
  let lastPruneAt = 0;
  // Lets stop() cut a long backoff short instead of waiting it out.
  const stopping = new AbortController();

  const queueFor = (name: JobName): CatalogQueue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = openQueue(name, { connection: options.connection, prefix: options.prefix });
      queue.on('error', (error: Error) => log.warn({ queue: name, err: error.message }, 'queue error'));
      queues.set(name, queue);
    }
    return queue;
  };

  async function enqueue(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<JobName, OutboxRow[]>();
    for (const row of rows) {
      const topic = row.topic as JobName; // claimForDispatch only returns catalog topics
      const group = byTopic.get(topic);
      if (group) group.push(row);
      else byTopic.set(topic, [row]);
    }
    // Topics are independent queues: their addBulk calls go out together (one round trip's wait,
    // not one per topic). Each must succeed before the rows are marked dispatched.
    await Promise.all(
      [...byTopic].map(([topic, group]) =>
        withTimeout(
          addBulkInChunks(queueFor(topic), jobsFor(topic, group)),
          enqueueTimeoutMs,
          `enqueue to "${topic}" did not answer in ${enqueueTimeoutMs} ms`,
        ),
      ),
    );
  }

  /**
   * Queues that take envelopes get a few envelope jobs per batch instead of one job per row: single
   * rows' payloads in envelopes of their own, batch rows' texts packed, consecutive rows in claim order,
   * into envelopes of up to the capacity (`batchRowEnvelopeJobs`). Both are deterministic for the same
   * claimed rows, so a re-claimed batch makes the same job ids. Batch rows exist only for envelope
   * queues (`insertAuditEventBatch`); one on any other queue is a bug, reported on the row by the failure.
   */
  function jobsFor(topic: JobName, group: OutboxRow[]) {
    if (envelopeCapacity(topic) === undefined)
      return group.map((row) => {
        if (row.batch !== null)
          throw new Error(`outbox row ${row.id}: batch rows are only for envelope queues`);
        return { name: topic, data: row.payload, opts: { jobId: row.id } };
      });
    const singles = group.flatMap((row) =>
      row.batch === null ? [{ id: row.id, payload: row.payload }] : [],
    );
    const batchRows = group.flatMap((row) =>
      row.batch === null ? [] : [{ id: row.id, batch: row.batch, items: row.batch_items }],
    );
    return [...envelopeJobs(topic, singles), ...batchRowEnvelopeJobs(topic, batchRows)];
  }

  /** One MGET; a timeout counts as a failed batch like an enqueue timeout. */
  async function checkEpochs(now: () => Promise<string>): Promise<void> {
    // Given up on, the check may still finish later: told so, it keeps what it found for the next one.
    const abandon = new AbortController();
    const lost = await withTimeout(
      epochs.check(now, abandon.signal),
      enqueueTimeoutMs,
      `Redis did not answer the epoch check in ${enqueueTimeoutMs} ms`,
    ).catch((error: unknown) => {
      abandon.abort();
      throw error;
    });
    for (const [topic, loss] of lost) {
      stats.redisLosses++;
      // A second loss before the first reset finished: the later cut-off covers both.
      keepLaterLoss(pendingResets, topic, loss);
    }
  }

  /**
   * Marks the rows dispatched within the prune window before each detected loss undispatched again,
   * in batches; the loop then re-enqueues them (jobId = event id; consumers are idempotent). A
   * failure keeps the loss pending, so it is retried after the next batch.
   */
  async function redispatchLost(): Promise<void> {
    for (const [topic, loss] of pendingResets) {
      let total = 0;
      for (;;) {
        const n = await undispatchRecent(pool, {
          windowMs: retentionMs,
          before: loss.before,
          topics: [topic],
          limit: 5000,
        });
        total += n;
        stats.redispatched += n;
        if (n < 5000) break;
      }
      pendingResets.delete(topic);
      log.warn(
        { topic, redispatched: total, window_ms: retentionMs, before: loss.before, reason: loss.reason },
        `outbox rows dispatched to "${topic}" before the Redis loss are queued for re-dispatch`,
      );
    }
  }

  /** One claim-and-mark → enqueue → epoch check → commit round; resolves to the number of rows dispatched. */
  async function dispatchBatch(): Promise<number> {
    // At start-up, learn (or set) the epochs before claiming anything: a relay that starts next to
    // a running one must adopt its epoch, not mistake its own first batch for a lost one. A failure
    // here is left to the batch (its enqueue fails too and is recorded on the rows).
    if (!epochs.established) await checkEpochs(() => databaseNow(pool)).catch(() => undefined);
    const client = await pool.connect();
    let broken: Error | undefined;
    let ids: string[] = [];
    // A checked-out client has no pool listener: if its backend dies while we wait on Redis
    // (pg_terminate_backend, a pooler or Postgres restart), pg emits 'error' on it, which would be
    // an uncaught exception and kill the relay's process. The next query fails and rolls back instead.
    const onClientError = (error: Error) => {
      broken = error;
    };
    client.on('error', onClientError);
    try {
      await client.query('BEGIN');
      // Claimed and marked dispatched in one statement; the mark commits only after the enqueue.
      const rows = await claimForDispatch(client, batchSize, JOB_NAMES);
      ids = rows.map((row) => row.id);
      if (rows.length > 0) {
        await enqueue(rows);
        await options.hooks?.afterEnqueue?.(ids);
      }
      // After the enqueue, on every round (idle ones too): a loss that happened before this check —
      // whether or not it swallowed this batch — is detected with a cut-off after this transaction's
      // dispatched_at (now(), the transaction's start), so this batch is re-sent too if need be.
      await checkEpochs(() => databaseNow(client));
      await client.query('COMMIT');
      if (rows.length > 0) {
        stats.dispatched += rows.length;
        stats.batches++;
      }
    } catch (error) {
      const rollbackFailed = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) =>
          rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)),
      );
      broken = rollbackFailed ?? broken;
      stats.failures++;
      stats.lastError = errorMessage(error);
      if (ids.length > 0) await recordFailure(pool, ids, stats.lastError).catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
    if (pendingResets.size > 0) {
      try {
        await redispatchLost();
        wakeup.wake(); // re-dispatched rows are waiting: go round again at once
      } catch (error) {
        log.warn({ err: errorMessage(error) }, 'outbox re-dispatch after a Redis loss failed; will retry');
      }
    }
    return ids.length;
  }

  async function pruneIfDue(): Promise<void> {
    if (Date.now() - lastPruneAt < pruneIntervalMs) return;
    lastPruneAt = Date.now();
    try {
      // Small batches keep each DELETE short; a cap per round keeps the relay responsive.
      for (let round = 0; round < 20 && running; round++) {
        const deleted = await pruneDispatched(pool, retentionMs, pruneBatchSize);
        stats.pruned += deleted;
        if (deleted < pruneBatchSize) break;
      }
    } catch (error) {
      log.warn({ err: errorMessage(error) }, 'outbox prune failed; will retry');
    }
  }

  async function loop(): Promise<void> {
    let backoffMs = 0;
    while (running) {
      try {
        const count = await dispatchBatch();
        backoffMs = 0;
        await pruneIfDue();
        if (count < batchSize) await wakeup.wait(pollIntervalMs);
      } catch (error) {
        backoffMs = Math.min(maxBackoffMs, backoffMs === 0 ? 250 : backoffMs * 2);
        stats.lastError = errorMessage(error);
        log.error(
          { err: errorMessage(error), backoff_ms: backoffMs },
          'outbox relay batch failed; rolled back',
        );
        await sleep(backoffMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  }

  const listener: OutboxListener | undefined = options.connectionString
    ? listenForOutbox({
        connectionString: options.connectionString,
        channel: OUTBOX_CHANNEL,
        onWake: () => wakeup.wake(),
        log,
      })
    : undefined;
  // A reconnect may be to a Redis that restarted empty: check at once rather than at the next poll.
  const onRedisReady = () => wakeup.wake();
  options.connection.on('ready', onRedisReady);
  const loopDone = loop();

  return {
    stats,
    async stop() {
      if (!running) return;
      running = false;
      options.connection.off('ready', onRedisReady);
      stopping.abort();
      wakeup.wake();
      await loopDone;
      await listener?.close();
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
    async drain({ timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let count = 0;
        try {
          count = await dispatchBatch();
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await sleep(100);
          continue;
        }
        if (count > 0) continue;
        const left = await countUndispatched(pool, JOB_NAMES);
        if (left === 0) return;
        if (Date.now() > deadline) throw new Error(`Outbox drain timed out with ${left} rows undispatched.`);
        await sleep(50);
      }
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // A late answer after the timeout is harmless: the re-sent batch is deduplicated by jobId.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
