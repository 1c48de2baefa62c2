import { type AuditEvent, auditEventErrors } from '@bulwark/core';
import { InvalidAuditEventError, OUTBOX_CHANNEL } from '@bulwark/queue';

import type { Pool } from './db-types.js';

interface Waiting {
  event: AuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The outbox rows of a batch in ONE autocommit statement: one round trip, committed (and fsynced)
 * when the query returns. Same rows as `emitAuditEvents` of @bulwark/queue; the named statement is
 * parsed once per connection. The batch travels as ONE JSON array (`jsonb_array_elements`), not as
 * a `jsonb[]` parameter: node-postgres would escape every event's JSON again into an array
 * literal (a regex pass over each payload), and Postgres would parse that literal back.
 */
const INSERT_BATCH = {
  name: 'auth_audit_outbox_batch_v2',
  text: `INSERT INTO outbox (id, topic, payload)
         SELECT (e->>'id')::uuid, 'audit', e FROM jsonb_array_elements($1::jsonb) AS e`,
};

/** Least time between two relay wake-ups under load (see `wakeRelay`). */
const WAKE_GAP_MS = 50;

/**
 * Group commit for audit events that need no other write in their transaction (client_credentials
 * issuance): events arriving while a commit is in flight wait and go together in the next one —
 * one multi-row INSERT, one fsync for the lot (natural batching: the batch is whatever queued
 * during the previous commit, so it grows with load and costs no added latency when idle). Each
 * caller's promise resolves only once its own event is committed, so a token response still waits
 * until its event is durable.
 */
export class AuditGroupCommit {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private notifying = false;
  private notifyAgain = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  /** Batch sizes actually reached (benchmarks read them to check the batching works). */
  readonly stats = { batches: 0, events: 0, maxBatch: 0, commitMs: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  private get maxBatch(): number {
    return this.options.maxBatch ?? 500;
  }

  private get maxInFlight(): number {
    return this.options.maxInFlight ?? 1;
  }

  emit(event: AuditEvent): Promise<void> {
    const errors = auditEventErrors(event);
    if (errors.length > 0) {
      const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return Promise.reject(
        new InvalidAuditEventError(`Invalid audit event (${event.action}): ${list}`, errors),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts commits while fewer than `maxInFlight` are running; each takes everything queued. Idle,
   * an event commits at once (no added latency); under load the slots fill and batches grow with
   * the queue. Several commits in flight let Postgres flush their WAL together, so a request waits
   * for about one fsync rather than for the previous batch's fsync and then its own.
   */
  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.stats.batches++;
      this.stats.events += batch.length;
      this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      const started = performance.now();
      await this.commit(batch.map((w) => w.event));
      this.stats.commitMs += performance.now() - started;
      for (const w of batch) w.resolve();
      this.wakeRelay();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad event must not fail its neighbours: retry them one by one.
      for (const w of batch) await this.commit([w.event]).then(w.resolve, w.reject);
      this.wakeRelay();
    }
  }

  /**
   * The relay's wake-up, sent after the commit and off the request path, at most one at a time and
   * at most one per `WAKE_GAP_MS` (a commit that lands meanwhile asks for one more, sent when the gap
   * has passed). Idle, a commit wakes the relay at once; under load the relay wakes ~20 times a
   * second and claims everything committed since — a few large batches instead of one claim
   * transaction (4–5 round trips) per group commit. Not inside the insert's transaction: a NOTIFY
   * makes its COMMIT take Postgres's cluster-wide notify lock, which would serialise our group
   * commits behind every other notifying commit. A lost wake-up costs the relay one poll interval,
   * never an event; durability is the insert's, not the wake-up's.
   */
  private wakeRelay(): void {
    if (this.notifying || this.wakeTimer) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    const sentAt = performance.now();
    void this.pool
      .query("SELECT pg_notify($1, '')", [OUTBOX_CHANNEL])
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (!this.notifyAgain) return;
        this.wakeTimer = setTimeout(
          () => {
            this.wakeTimer = undefined;
            this.wakeRelay();
          },
          Math.max(0, sentAt + WAKE_GAP_MS - performance.now()),
        );
        this.wakeTimer.unref();
      });
  }

  private async commit(events: AuditEvent[]): Promise<void> {
    await this.pool.query({ ...INSERT_BATCH, values: [JSON.stringify(events)] });
  }
}
