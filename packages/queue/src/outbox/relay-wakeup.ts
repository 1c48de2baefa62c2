import type { Pool } from 'pg';
import { OUTBOX_CHANNEL } from './migrations.js';

/**
 * The NOTIFY alone (a named statement, parsed once per connection), committed asynchronously (`set_config(…, true)` lasts until this statement's own
 * COMMIT): a wake-up need not wait for a WAL flush, and it holds the notify lock only briefly.
 */
const NOTIFY = {
  name: 'bulwark_outbox_wakeup_v1',
  text: "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')",
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wakes the outbox relays after `insertAuditEventsJson` commits, off the request path and outside
 * the inserts' transactions (see emit.ts for why). Used by audit's ingest and auth's group commit. At most one NOTIFY at a time and at most one per
 * `minGapMs`: pokes that land meanwhile ask for exactly one more, so under load the wake-ups cost
 * ≤ 1000 / minGapMs small statements a second instead of one per request, and the relay hears of
 * new rows ≤ minGapMs late (it drains everything committed when it wakes; a wake-up that arrives
 * while it works is remembered). A lost wake-up (failed NOTIFY, crash between COMMIT and NOTIFY)
 * costs the relay one poll interval, never an event: the rows are committed.
 */
export class RelayWakeup {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pool: Pool,
    private readonly minGapMs = 10,
  ) {}

  poke(): void {
    this.again = true;
    // run() cannot finish synchronously (it awaits the query first), so this never re-arms a done loop.
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    while (this.again) {
      this.again = false;
      const sent = performance.now();
      await this.pool.query({ ...NOTIFY, values: [OUTBOX_CHANNEL] }).catch(() => undefined);
      if (this.again) await sleep(this.minGapMs - (performance.now() - sent));
    }
    // In the same tick as the last check of `again`: a poke after this starts a new loop.
    this.running = undefined;
  }

  /** Resolves once no NOTIFY is in flight or asked for (call before the pool closes). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }
}
