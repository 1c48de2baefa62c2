import { type AuditEvent, auditEventErrors } from '@bulwark/core';
import { InvalidAuditEventError, insertAuditEventBatch, RelayWakeup } from '@bulwark/queue';

import type { Pool } from './db-types.js';

interface Waiting {
  event: AuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for audit events that need no other write in their transaction (client_credentials
 * issuance): events arriving while a commit is in flight wait and go together in the next one —
 * one outbox batch row (`insertAuditEventBatch`), one fsync for the lot (natural batching: the batch is whatever queued
 * during the previous commit, so it grows with load and costs no added latency when idle). Each
 * caller's promise resolves only once its own event is committed, so a token response still waits
 * until its event is durable.
 */
export class AuditGroupCommit {
  private queue: Waiting[] = [];
  private inFlight = 0;
  /** The batch goes in without a NOTIFY (see insertAuditEventBatch); the relay is woken after. */
  private readonly relay: RelayWakeup;
  /** Batch sizes actually reached (benchmarks read them to check the batching works). */
  readonly stats = { batches: 0, events: 0, maxBatch: 0, commitMs: 0 };

  constructor(
    private readonly pool: Pool,
    private readonly options: { maxBatch?: number; maxInFlight?: number; relayWakeGapMs: number },
  ) {
    this.relay = new RelayWakeup(pool, options.relayWakeGapMs);
  }

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
      this.relay.poke();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad event must not fail its neighbours: retry them one by one.
      for (const w of batch) await this.commit([w.event]).then(w.resolve, w.reject);
      this.relay.poke();
    }
  }

  /** Resolves once no relay wake-up is in flight or asked for (before the pool closes). */
  settleWakeups(): Promise<void> {
    return this.relay.settle();
  }

  private async commit(events: AuditEvent[]): Promise<void> {
    // As outbox batch rows: one row (one JSON array text) per commit, not one row per event.
    await insertAuditEventBatch(this.pool, events);
  }
}
