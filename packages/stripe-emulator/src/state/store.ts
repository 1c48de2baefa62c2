import type {
  CustomerObject,
  MeterEventSession,
  MeterObject,
  StoredMeterEvent,
  StripeEventObject,
  SubscriptionObject,
} from './objects.js';

/**
 * Everything the emulator remembers. It lives in memory on purpose: this is Stripe's state, not ours,
 * and `POST /_emulator/reset` (or a new process) starts a clean account.
 */
export class EmulatorStore {
  readonly customers = new Map<string, CustomerObject>();
  readonly meters = new Map<string, MeterObject>();
  readonly meterEvents: StoredMeterEvent[] = [];
  /** identifier → accepted-at (ms). Checked for 24 h uniqueness. */
  readonly identifiers = new Map<string, number>();
  readonly sessions = new Map<string, MeterEventSession>();
  readonly subscriptions = new Map<string, SubscriptionObject>();
  readonly events: StripeEventObject[] = [];
  /** Events accepted but not billable (unknown meter or customer); Stripe reports these asynchronously. */
  readonly meterErrors: { identifier: string; reason: string }[] = [];

  reset(): void {
    this.customers.clear();
    this.meters.clear();
    this.meterEvents.length = 0;
    this.identifiers.clear();
    this.sessions.clear();
    this.subscriptions.clear();
    this.events.length = 0;
    this.meterErrors.length = 0;
  }

  activeMeterByEventName(eventName: string): MeterObject | undefined {
    for (const meter of this.meters.values()) {
      if (meter.status === 'active' && meter.event_name === eventName) return meter;
    }
    return undefined;
  }
}
