import type { StripeEventObject } from '../state/objects.js';
import type { EmulatorStore } from '../state/store.js';
import { stripeId } from '../state/ids.js';
import { signWebhookPayload } from './signature.js';

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface DeliveryRecord {
  event_id: string;
  url: string;
  attempt: number;
  status: number | null;
}

const API_VERSION = '2025-10-29.clover';
const MAX_ATTEMPTS = 4;

/**
 * Creates Stripe events and POSTs them, signed, to the configured endpoints. Failed deliveries are
 * retried with backoff like Stripe does (far faster here: 100 ms, 200 ms, 400 ms).
 */
export class WebhookDispatcher {
  private endpoints: WebhookEndpoint[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly deliveries: DeliveryRecord[] = [];

  constructor(
    private readonly store: EmulatorStore,
    private readonly nowMs: () => number,
  ) {}

  configure(endpoints: WebhookEndpoint[]): void {
    this.endpoints = [...endpoints];
  }

  get configured(): readonly WebhookEndpoint[] {
    return this.endpoints;
  }

  emit(
    type: string,
    object: unknown,
    requestId: string | null,
    previous?: Record<string, unknown>,
  ): StripeEventObject {
    const event: StripeEventObject = {
      id: stripeId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(this.nowMs() / 1000),
      type,
      data: previous
        ? { object: structuredClone(object), previous_attributes: previous }
        : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.endpoints.length,
      request: { id: requestId, idempotency_key: null },
    };
    this.store.events.push(event);
    this.deliver(event);
    return event;
  }

  /** Sends an existing event again (Stripe resends on failure and sometimes twice on success). */
  redeliver(eventId: string): boolean {
    const event = this.store.events.find((candidate) => candidate.id === eventId);
    if (!event) return false;
    this.deliver(event);
    return true;
  }

  /** Resolves when no delivery is in flight; tests await it instead of sleeping. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  reset(): void {
    this.endpoints = [];
    this.deliveries.length = 0;
  }

  private deliver(event: StripeEventObject): void {
    for (const endpoint of this.endpoints) {
      const task = this.deliverWithRetry(event, endpoint).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private async deliverWithRetry(event: StripeEventObject, endpoint: WebhookEndpoint): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const signature = signWebhookPayload(payload, endpoint.secret, Math.floor(Date.now() / 1000));
      let status: number | null = null;
      try {
        const response = await fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = null;
      }
      this.deliveries.push({ event_id: event.id, url: endpoint.url, attempt, status });
      if (status !== null && status >= 200 && status < 300) return;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
    }
  }
}
