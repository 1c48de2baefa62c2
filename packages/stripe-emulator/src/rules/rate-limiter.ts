/**
 * A sliding one-second window per bucket. Stripe's basic limiter allows 25 read and 25 write operations
 * per second in test mode (https://docs.stripe.com/rate-limits); the emulator keeps reads and writes in
 * separate buckets for the same reason.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly nowMs: () => number,
  ) {}

  /** Records a hit and says whether it fits in the last second's budget. */
  tryTake(bucket: string): boolean {
    const now = this.nowMs();
    const recent = (this.hits.get(bucket) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= this.perSecond) {
      this.hits.set(bucket, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(bucket, recent);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
