/** The Stripe objects the emulator keeps, in the shapes the API returns them (snake_case, unix seconds). */
export interface CustomerObject {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
  livemode: false;
}

export type MeterFormula = 'sum' | 'count';

export interface MeterObject {
  id: string;
  object: 'billing.meter';
  created: number;
  updated: number;
  display_name: string;
  event_name: string;
  event_time_window: 'day' | 'hour' | null;
  status: 'active' | 'inactive';
  status_transitions: { deactivated_at: number | null };
  customer_mapping: { event_payload_key: string; type: 'by_id' };
  default_aggregation: { formula: MeterFormula };
  value_settings: { event_payload_key: string };
  livemode: false;
}

export interface MeterEventObject {
  object: 'billing.meter_event';
  created: number;
  event_name: string;
  identifier: string;
  livemode: false;
  payload: Record<string, string>;
  timestamp: number;
}

export interface StoredMeterEvent extends MeterEventObject {
  /** Emulator clock (ms) when it was accepted; identifiers are unique for 24 h from here. */
  received_at_ms: number;
  /** How it arrived, so tests can tell v1 calls from v2 stream batches. */
  via: 'v1' | 'v2';
}

export interface SubscriptionItemObject {
  id: string;
  object: 'subscription_item';
  price: {
    id: string;
    object: 'price';
    recurring: { usage_type: 'metered' | 'licensed'; meter: string | null } | null;
  };
  quantity: number | null;
}

export interface SubscriptionObject {
  id: string;
  object: 'subscription';
  created: number;
  customer: string;
  status: 'active' | 'past_due' | 'canceled' | 'trialing' | 'incomplete' | 'unpaid' | 'paused';
  cancel_at_period_end: boolean;
  current_period_start: number;
  current_period_end: number;
  items: { object: 'list'; data: SubscriptionItemObject[]; has_more: false; url: string };
  metadata: Record<string, string>;
  livemode: false;
}

export interface MeterEventSession {
  id: string;
  object: 'v2.billing.meter_event_session';
  authentication_token: string;
  created: string;
  expires_at: string;
  livemode: false;
}

export interface StripeEventObject {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}
