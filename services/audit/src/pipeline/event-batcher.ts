/**
 * Turns BullMQ's one-job-per-call processor into batches: `add` parks the job's promise, a flush
 * happens at `size` items or after `maxWaitMs`, and each promise settles only after the batch's
 * transaction has committed — so a job is acknowledged to BullMQ only once its event is durable.
 * Unlike an all-or-nothing batch, the handler reports an outcome per item, so one poison event
 * fails alone instead of failing (and endlessly retrying) its 999 neighbours.
 *
 * Adaptive like a group commit: a full batch flushes at once, but a partial one whose `maxWaitMs`
 * is up waits while an earlier batch is still in flight and goes as soon as that one settles. Every
 * batch serialises on the chain_heads locks anyway, so under load this turns many small batches
 * (each paying a lock round and a commit fsync) into few full ones; when idle the latency is still
 * at most `maxWaitMs`.
 */
export type ItemOutcome = Error | undefined;

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class EventBatcher<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  /** A partial batch whose wait is over, held back until the batch in flight settles. */
  private due = false;

  constructor(
    private readonly size: number,
    private readonly maxWaitMs: number,
    private readonly handle: (items: T[]) => Promise<ItemOutcome[]>,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.size) this.flush();
      else this.timer ??= setTimeout(() => this.flushWhenIdle(), this.maxWaitMs);
    });
  }

  /** Flushes what is pending and waits for every batch in flight. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  /** The wait is over: flush now, or right after the batch in flight (see the class comment). */
  private flushWhenIdle(): void {
    this.timer = undefined;
    if (this.inFlight.size === 0) this.flush();
    else this.due = true;
  }

  private flush(): void {
    this.due = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const run = this.settle(batch);
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (this.due && this.inFlight.size === 0) this.flush();
    });
  }

  private async settle(batch: Pending<T>[]): Promise<void> {
    let outcomes: ItemOutcome[];
    try {
      outcomes = await this.handle(batch.map((entry) => entry.item));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      outcomes = batch.map(() => failure);
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome) entry.reject(outcome);
      else entry.resolve();
    });
  }
}
