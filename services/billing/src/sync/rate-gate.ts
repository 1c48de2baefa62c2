import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces calls so we stay under Stripe's limits instead of discovering them through 429s:
 * test mode allows 25 requests/s, live mode 1,000 meter events/s (https://docs.stripe.com/rate-limits).
 * We aim below both. `pause()` holds every caller after a 429.
 */
export class RateGate {
  private nextAt = 0;

  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.perSecond;
    if (at > now) await sleep(at - now);
  }

  pause(ms: number): void {
    this.nextAt = Math.max(this.nextAt, Date.now() + ms);
  }
}

export function defaultRatePerSecond(mode: 'test' | 'live'): number {
  return mode === 'live' ? 500 : 20;
}
