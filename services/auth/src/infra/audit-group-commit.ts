import type { AuditEvent } from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvents } from '@bulwark/queue';
import type { Pool } from './db-types.js';

interface Waiting {
  event: AuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for audit events that need no other write in their transaction (client_credentials
 * issuance): events arriving while a commit is in flight wait and go together in the next one —
 * one multi-row INSERT, one COMMIT, one fsync for the lot. Each caller's promise resolves only once
 * its own event is committed, so a token response still waits until its event is durable.
 */
export class AuditGroupCommit {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatch = 500,
  ) {}

  emit(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.commit(batch.map((w) => w.event));
          for (const w of batch) w.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          // One bad event must not fail its neighbours: retry them one by one.
          for (const w of batch) await this.commit([w.event]).then(w.resolve, w.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private commit(events: AuditEvent[]): Promise<void> {
    return withTransaction(this.pool, (client) => emitAuditEvents(client, events));
  }
}
