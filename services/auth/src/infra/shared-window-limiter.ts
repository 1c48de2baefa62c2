import type { Redis } from 'ioredis';
import type { Logger } from '../context.js';
import type { RateDecision } from './rate-limit.js';

interface WindowCount {
  window: number;
  /** Global count (all instances) as of the last sync, our flushed hits included. */
  known: number;
  /** Our hits not yet added to Redis. */
  pending: number;
  /** Hits of ours in the sync in flight. */
  flushing: number;
}

/** How often local hits are added to the shared Redis counters (and other instances' read back). */
const SYNC_INTERVAL_MS = 50;

/**
 * Fixed-window abuse limits decided in process, shared through Redis off the request path: each
 * hit is counted locally and at once (exact within one instance), and every ~50 ms the hits are
 * added to the shared Redis counter (INCRBY), whose answer brings back every instance's hits. A
 * replica therefore sees the others' traffic at most one sync late — abuse limits need no more
 * precision than that — and a token request never waits on Redis. A Redis outage keeps the local
 * counting (each instance then limits on its own traffic) and retries the sync.
 */
export class SharedWindowLimiter {
  private readonly counts = new Map<string, WindowCount>();
  private timer: NodeJS.Timeout | undefined;
  private syncing = false;

  constructor(private readonly options: { redis: () => Redis; windowSeconds: number; log: Logger }) {}

  hit(key: string, max: number, nowMs: number): RateDecision {
    const windowMs = this.options.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    let count = this.counts.get(key);
    if (!count || count.window !== window) {
      count = { window, known: 0, pending: 0, flushing: 0 };
      this.counts.set(key, count);
    }
    count.pending++;
    this.schedule();
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000));
    return { allowed: count.known + count.flushing + count.pending <= max, retryAfter };
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.syncing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync();
    }, SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  private async sync(): Promise<void> {
    const current = Math.floor(Date.now() / (this.options.windowSeconds * 1000));
    const batch: [string, WindowCount][] = [];
    for (const [key, count] of this.counts) {
      if (count.window < current) this.counts.delete(key);
      else if (count.pending > 0) {
        count.flushing = count.pending;
        count.pending = 0;
        batch.push([key, count]);
      }
    }
    if (batch.length === 0) return;
    this.syncing = true;
    try {
      const pipeline = this.options.redis().pipeline();
      for (const [key, count] of batch) {
        const redisKey = `${key}:${count.window}`;
        pipeline.incrby(redisKey, count.flushing);
        pipeline.expire(redisKey, this.options.windowSeconds + 1);
      }
      const results = (await pipeline.exec()) ?? [];
      batch.forEach(([, count], i) => {
        const [error, total] = results[i * 2] ?? [new Error('no reply'), 0];
        if (error) count.pending += count.flushing;
        else count.known = Math.max(count.known, Number(total));
        count.flushing = 0;
      });
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'rate limit sync with Redis failed');
      for (const [, count] of batch) {
        count.pending += count.flushing;
        count.flushing = 0;
      }
    } finally {
      this.syncing = false;
      if ([...this.counts.values()].some((c) => c.pending > 0)) this.schedule();
    }
  }
}
