/**
 * Stripe allows one concurrent meter event call per customer and meter
 * (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api#rate-limits).
 * A second call that arrives while the first is in flight is refused, not queued.
 */
export class CustomerMeterLock {
  private readonly held = new Set<string>();

  tryAcquire(customer: string, eventName: string): (() => void) | undefined {
    const key = `${customer}\u0000${eventName}`;
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    return () => {
      this.held.delete(key);
    };
  }

  reset(): void {
    this.held.clear();
  }
}
