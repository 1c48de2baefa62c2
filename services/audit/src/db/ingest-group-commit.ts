import { hasPgErrorCode, PG_ERROR } from '@bulwark/db';
import { insertAuditEventsJson } from '@bulwark/queue';
import type { Pool } from 'pg';

interface Waiting {
  /** One request's events: a non-empty JSON array. */
  json: string;
  ids: readonly string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Shared statements running at once (each holds one pooled connection). */
  maxInFlight?: number;
  /** Events per shared statement; a request is never split, so one larger request still goes alone. */
  maxEvents?: number;
}

/** `[a,b]` and `[c]` → `[a,b,c]`, without parsing: each part is a JSON array from JSON.stringify. */
function joinArrays(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0] as string;
  return `[${parts.map((part) => part.slice(1, -1)).join(',')}]`;
}

/**
 * Group commit for ingest requests whose event ids were generated here (no client ids, so no
 * idempotency lookup and no possible conflict between requests): requests that arrive while
 * `maxInFlight` statements are running wait and go together in the next one — one INSERT, one
 * COMMIT, one WAL flush, one round trip for the lot. Idle, a request goes at once (no added wait);
 * under load the group is whatever queued during the previous commit. Each request's promise
 * resolves only after the statement holding its rows has committed, so its 202 still follows its
 * own COMMIT.
 *
 * Error isolation: a shared statement is one autocommit statement, so when it fails nothing of it
 * was committed, and every request in it is retried alone — a request whose rows fail fails by
 * itself, its neighbours commit. One case needs care: the connection can drop after the shared
 * COMMIT but before its answer, and then a lone retry meets its own rows (a unique violation on ids
 * nobody else can hold: fresh UUIDv7s generated for this request, all in that one atomic statement).
 * When every one of its ids is then found in the outbox, that request was committed and is answered
 * so; otherwise it fails with the violation.
 */
export class IngestGroupCommit {
  private queue: Waiting[] = [];
  private inFlight = 0;
  /** What the batching reached (tests and benchmarks read it). */
  readonly stats = { statements: 0, requests: 0, maxRequests: 0 };

  constructor(
    private readonly pool: Pool,
    /** Called after rows were committed (wakes the relay; must not throw). */
    private readonly onCommitted: () => void,
    private readonly options: GroupCommitOptions = {},
  ) {}

  /**
   * Resolves once the rows of `eventsJson` (a non-empty JSON array of the events with `ids`) are
   * committed. Only for ids generated for this request (fresh UUIDv7s): client-chosen ids need the
   * idempotency lookup and go through `insertUnlessKnown` instead.
   */
  insert(eventsJson: string, ids: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ json: eventsJson, ids, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 2;
    const maxEvents = this.options.maxEvents ?? 5_000;
    while (this.inFlight < maxInFlight && this.queue.length > 0) {
      let taken = 0;
      let events = 0;
      for (const waiting of this.queue) {
        if (taken > 0 && events + waiting.ids.length > maxEvents) break;
        taken++;
        events += waiting.ids.length;
      }
      const group = this.queue.splice(0, taken);
      this.stats.statements++;
      this.stats.requests += group.length;
      this.stats.maxRequests = Math.max(this.stats.maxRequests, group.length);
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(group: Waiting[]): Promise<void> {
    try {
      await insertAuditEventsJson(this.pool, joinArrays(group.map((waiting) => waiting.json)));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      await this.retryAlone(group);
      return;
    }
    for (const waiting of group) waiting.resolve();
    this.onCommitted();
  }

  private async retryAlone(group: readonly Waiting[]): Promise<void> {
    let committed = false;
    for (const waiting of group) {
      try {
        await insertAuditEventsJson(this.pool, waiting.json);
        committed = true;
        waiting.resolve();
      } catch (error) {
        if (hasPgErrorCode(error, PG_ERROR.uniqueViolation) && (await this.allPresent(waiting.ids)))
          waiting.resolve();
        else waiting.reject(error);
      }
    }
    if (committed) this.onCommitted();
  }

  /** Whether every id is in the outbox already (the shared statement did commit this request). */
  private async allPresent(ids: readonly string[]): Promise<boolean> {
    try {
      const found = await this.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::uuid[])',
        [ids],
      );
      return found.rows[0]?.n === ids.length;
    } catch {
      return false;
    }
  }
}
