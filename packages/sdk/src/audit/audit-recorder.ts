import { uuidv7 } from '../uuidv7.js';
import type { AgentActionInput, IngestResult } from './audit-client.js';

export interface RecorderOptions {
  /** Flush when this many actions are waiting. Default 100 (ingest takes up to 1,000). */
  maxBatch?: number;
  /** Flush at least this often. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** Cap on waiting actions; past it the oldest are dropped and reported. Default 10,000. */
  maxQueue?: number;
  /** Called when a batch could not be delivered after the HTTP client's retries. */
  onError?: (error: unknown, events: AgentActionInput[]) => void;
}

/**
 * Batches agent actions for the audit ingest API. `record()` only queues (it never awaits the
 * network), so a request handler is never slowed by audit; `close()` flushes what is pending, which
 * is what a graceful shutdown must call. A failed batch is put back once and retried with the next
 * flush; ids are client-chosen, so a batch that reached audit before failing is a harmless replay.
 */
export class AuditRecorder {
  private queue: AgentActionInput[] = [];
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private readonly retried = new WeakSet<AgentActionInput>();
  private closed = false;

  constructor(
    private readonly send: (events: AgentActionInput[]) => Promise<IngestResult>,
    private readonly options: RecorderOptions = {},
  ) {
    this.maxBatch = Math.min(options.maxBatch ?? 100, 1000);
    this.maxQueue = options.maxQueue ?? 10_000;
    this.timer = setInterval(() => {
      void this.flush();
    }, options.flushIntervalMs ?? 1000);
    // Never keep a process alive just for the flush timer (Node); browsers have no unref.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Queues an action and returns at once. */
  record(event: AgentActionInput): void {
    if (this.closed) throw new Error('The audit recorder is closed.');
    this.queue.push({
      ...event,
      id: event.id ?? uuidv7(),
      occurred_at: event.occurred_at ?? new Date().toISOString(),
    });
    if (this.queue.length > this.maxQueue) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueue);
      this.options.onError?.(
        new Error(`audit recorder queue full: dropped ${dropped.length} actions`),
        dropped,
      );
    }
    if (this.queue.length >= this.maxBatch) void this.flush();
  }

  /** Actions queued and not yet acknowledged by audit. */
  get pending(): number {
    return this.queue.length;
  }

  /** Sends everything queued so far; resolves when those batches are answered. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.queue.length === 0) return;
    this.inFlight = this.drain().finally(() => {
      this.inFlight = undefined;
    });
    await this.inFlight;
  }

  /** Stops the timer and flushes what is pending. Call it on shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    // A batch that failed once was put back; give it its second chance before we go.
    if (this.queue.length > 0) await this.flush();
  }

  private async drain(): Promise<void> {
    const failed: AgentActionInput[] = [];
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.send(batch);
      } catch (error) {
        const again = batch.filter((event) => !this.retried.has(event));
        for (const event of again) this.retried.add(event);
        failed.push(...again);
        const lost = batch.filter((event) => !again.includes(event));
        this.options.onError?.(error, lost.length > 0 ? lost : batch);
      }
    }
    this.queue.unshift(...failed);
  }
}
