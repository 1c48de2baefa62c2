import Stripe from 'stripe';

/**
 * The Stripe calls billing makes, behind one small interface so domain code never touches the SDK.
 * SDK-level retries are off: the sync job owns retries and backoff, and knows which calls are safe to
 * repeat (meter events carry deterministic identifiers).
 */
export interface StripeGateway {
  readonly mode: 'test' | 'live';
  createCustomer(input: {
    name?: string | undefined;
    metadata: Record<string, string>;
  }): Promise<{ id: string }>;
  createMeter(input: {
    displayName: string;
    eventName: string;
    formula: 'sum' | 'count';
  }): Promise<{ id: string }>;
  sendMeterEvent(event: MeterEventToSend): Promise<void>;
  /** v2 high-throughput stream; at most 100 events per call. */
  sendMeterEventStream(events: readonly MeterEventToSend[]): Promise<void>;
  meterTotal(input: {
    stripeMeterId: string;
    stripeCustomerId: string;
    start: number;
    end: number;
  }): Promise<number>;
  readonly webhooks: Stripe['webhooks'];
}

export interface MeterEventToSend {
  eventName: string;
  identifier: string;
  stripeCustomerId: string;
  value: number;
  /** Unix seconds. */
  timestamp: number;
}

export interface StripeGatewayOptions {
  secretKey: string;
  /** Set to point the SDK at the emulator. */
  host?: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  timeoutMs?: number;
}

const SESSION_SAFETY_MS = 60_000;

export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 10_000,
    ...(options.host ?? {}),
  });
  let session: { token: string; expiresAt: number } | undefined;

  async function sessionToken(): Promise<string> {
    if (session && session.expiresAt - SESSION_SAFETY_MS > Date.now()) return session.token;
    const created = await stripe.v2.billing.meterEventSession.create();
    session = { token: created.authentication_token, expiresAt: Date.parse(created.expires_at) };
    return session.token;
  }

  return {
    mode: options.secretKey.startsWith('sk_live_') ? 'live' : 'test',
    webhooks: stripe.webhooks,
    async createCustomer(input) {
      const customer = await stripe.customers.create({
        ...(input.name ? { name: input.name } : {}),
        metadata: input.metadata,
      });
      return { id: customer.id };
    },
    async createMeter(input) {
      const meter = await stripe.billing.meters.create({
        display_name: input.displayName,
        event_name: input.eventName,
        default_aggregation: { formula: input.formula },
      });
      return { id: meter.id };
    },
    async sendMeterEvent(event) {
      await stripe.billing.meterEvents.create({
        event_name: event.eventName,
        identifier: event.identifier,
        timestamp: event.timestamp,
        payload: { stripe_customer_id: event.stripeCustomerId, value: String(event.value) },
      });
    },
    async sendMeterEventStream(events) {
      const token = await sessionToken();
      try {
        await stripe.v2.billing.meterEventStream.create(
          {
            events: events.map((event) => ({
              event_name: event.eventName,
              identifier: event.identifier,
              timestamp: new Date(event.timestamp * 1000).toISOString(),
              payload: { stripe_customer_id: event.stripeCustomerId, value: String(event.value) },
            })),
          },
          { apiKey: token },
        );
      } catch (error) {
        if (error instanceof Stripe.errors.TemporarySessionExpiredError) session = undefined;
        throw error;
      }
    },
    async meterTotal(input) {
      const summaries = await stripe.billing.meters.listEventSummaries(input.stripeMeterId, {
        customer: input.stripeCustomerId,
        start_time: input.start,
        end_time: input.end,
      });
      return summaries.data.reduce((sum, summary) => sum + summary.aggregated_value, 0);
    },
  };
}
