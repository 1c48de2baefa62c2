import type { FaultInjector } from './rules/fault-injector.js';
import type { CustomerMeterLock } from './rules/customer-meter-lock.js';
import type { SlidingWindowLimiter } from './rules/rate-limiter.js';
import type { EmulatorStore } from './state/store.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

/** What every route of the emulator works with. */
export interface EmulatorContext {
  store: EmulatorStore;
  nowMs: () => number;
  limiter: SlidingWindowLimiter;
  lock: CustomerMeterLock;
  faults: FaultInjector;
  webhooks: WebhookDispatcher;
  /** Simulated processing time of a v1 meter event call; the customer+meter lock is held for it. */
  meterEventLatencyMs: number;
}

export function nowSeconds(ctx: EmulatorContext): number {
  return Math.floor(ctx.nowMs() / 1000);
}
