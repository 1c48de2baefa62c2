-- Budget suspensions go through auth's API, which can fail or be unreachable. One row per budget,
-- period and agent that must be suspended; `suspended_at` stays NULL until auth confirmed it, so the
-- next check or ingest retries instead of the breach being forgotten. Per agent, because a tenant-wide
-- budget must stop every agent that keeps acting after the cap, not only the first one.
CREATE TABLE budget_suspensions (
  budget_id    text NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  period_start timestamptz NOT NULL,
  agent_id     text NOT NULL,
  suspended_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (budget_id, period_start, agent_id)
);

-- The plan a subscription stands for, resolved from the webhook payload (subscription or price
-- metadata `plan`, else the price nickname, else the product name); NULL when none is given.
ALTER TABLE subscriptions ADD COLUMN plan text;
CREATE INDEX subscriptions_customer ON subscriptions (stripe_customer_id);
