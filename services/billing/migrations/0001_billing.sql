-- Billing's own tables. Money-relevant invariants live in constraints, not only in code.

-- A Stripe customer stands for a tenant (subject_id NULL) or one of the tenant's end customers
-- (subject_id = the user id that agents act for).
CREATE TABLE customers (
  id                 text PRIMARY KEY,
  tenant_id          text NOT NULL,
  subject_id         text,
  stripe_customer_id text NOT NULL UNIQUE,
  name               text,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_tenant_subject ON customers (tenant_id, COALESCE(subject_id, ''));

-- A meter maps audit action patterns (glob, `*` = any run of characters) to a Stripe event_name.
CREATE TABLE meters (
  id              text PRIMARY KEY,
  tenant_id       text NOT NULL,
  name            text NOT NULL,
  event_name      text NOT NULL,
  action_patterns text[] NOT NULL CHECK (cardinality(action_patterns) > 0),
  aggregation     text NOT NULL CHECK (aggregation IN ('sum', 'count')),
  stripe_meter_id text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, event_name)
);

-- The usage ledger: one row per billable audit event, whatever how often it is delivered.
CREATE TABLE usage_events (
  event_id     uuid PRIMARY KEY,
  tenant_id    text NOT NULL,
  customer_id  text REFERENCES customers (id),
  occurred_at  timestamptz NOT NULL,
  action       text NOT NULL,
  units        bigint NOT NULL CHECK (units >= 0),
  actor_type   text NOT NULL,
  actor_id     text NOT NULL,
  user_id      text,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_events_tenant_time ON usage_events (tenant_id, occurred_at);
CREATE INDEX usage_events_customer_time ON usage_events (customer_id, occurred_at) WHERE customer_id IS NOT NULL;
CREATE INDEX usage_events_agent_time ON usage_events (tenant_id, actor_id, occurred_at);

-- Exactly-once Stripe delivery. Each row is one meter event: the usage of (customer, meter, window)
-- not yet accounted for, frozen with its identifier BEFORE it is sent. A crash after sending leaves
-- the row 'pending'; the next run resends the same identifier and value, and Stripe's duplicate
-- answer proves delivery. The sum of a window's rows never exceeds its ledger total.
CREATE TABLE sync_batches (
  customer_id   text NOT NULL REFERENCES customers (id),
  meter_id      text NOT NULL REFERENCES meters (id),
  window_start  timestamptz NOT NULL,
  seq           integer NOT NULL CHECK (seq >= 1),
  value         bigint NOT NULL CHECK (value > 0),
  identifier    text NOT NULL UNIQUE,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz,
  PRIMARY KEY (customer_id, meter_id, window_start, seq)
);
CREATE INDEX sync_batches_pending ON sync_batches (next_attempt_at) WHERE status = 'pending';

-- Per-agent or per-tenant caps in units per period.
CREATE TABLE budgets (
  id            text PRIMARY KEY,
  tenant_id     text NOT NULL,
  agent_id      text,
  limit_units   bigint NOT NULL CHECK (limit_units > 0),
  period        text NOT NULL CHECK (period IN ('day', 'month')),
  suspend_agent boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX budgets_scope ON budgets (tenant_id, COALESCE(agent_id, ''), period);

-- One breach record per budget and period, so crossing a cap emits its event once.
CREATE TABLE budget_breaches (
  budget_id    text NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  period_start timestamptz NOT NULL,
  used_units   bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (budget_id, period_start)
);

-- Stripe webhook events take effect once, by event id.
CREATE TABLE stripe_webhook_events (
  id          text PRIMARY KEY,
  type        text NOT NULL,
  created     bigint NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Local mirror of Stripe subscriptions; `stripe_created` of the event that last wrote a row wins.
CREATE TABLE subscriptions (
  stripe_subscription_id text PRIMARY KEY,
  stripe_customer_id     text NOT NULL,
  status                 text NOT NULL,
  cancel_at_period_end   boolean NOT NULL DEFAULT false,
  price_ids              text[] NOT NULL DEFAULT '{}',
  current_period_end     timestamptz,
  event_created          bigint NOT NULL,
  updated_at             timestamptz NOT NULL DEFAULT now()
);
