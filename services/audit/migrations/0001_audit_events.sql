-- The append-only event store, range-partitioned by month on occurred_at.
--
-- A partitioned table can only have unique indexes that contain the partition key, so the primary
-- key is (id, occurred_at) and global id uniqueness lives in `audit_event_ids` (below): the worker
-- inserts the id there first with ON CONFLICT (id) DO NOTHING, and only ids that were new go on to
-- `audit_events`. That makes "the same event id twice" impossible even with different occurred_at.
CREATE TABLE audit_events (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- Per-tenant hash chain: hash = SHA-256(canonical JSON(event) || prev_hash), seq = 1, 2, 3 …
  seq bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  event jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Filter columns are generated from the hashed document, so they cannot drift from it.
  action text GENERATED ALWAYS AS (event ->> 'action') STORED,
  actor_type text GENERATED ALWAYS AS (event -> 'actor' ->> 'type') STORED,
  actor_id text GENERATED ALWAYS AS (event -> 'actor' ->> 'id') STORED,
  on_behalf_of_id text GENERATED ALWAYS AS (event -> 'on_behalf_of' ->> 'id') STORED,
  target_type text GENERATED ALWAYS AS (event -> 'target' ->> 'type') STORED,
  target_id text GENERATED ALWAYS AS (event -> 'target' ->> 'id') STORED,
  outcome text GENERATED ALWAYS AS (event -> 'outcome' ->> 'status') STORED,
  request_id text GENERATED ALWAYS AS (event ->> 'request_id') STORED,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Keyset pagination (occurred_at, id) within a tenant, and the chain walk by seq.
CREATE INDEX audit_events_tenant_time_idx ON audit_events (tenant_id, occurred_at, id);
CREATE INDEX audit_events_tenant_seq_idx ON audit_events (tenant_id, seq);
CREATE INDEX audit_events_tenant_actor_idx ON audit_events (tenant_id, actor_id, occurred_at);
CREATE INDEX audit_events_tenant_obo_idx ON audit_events (tenant_id, on_behalf_of_id, occurred_at)
  WHERE on_behalf_of_id IS NOT NULL;
CREATE INDEX audit_events_tenant_target_idx ON audit_events (tenant_id, target_id) WHERE target_id IS NOT NULL;
CREATE INDEX audit_events_tenant_request_idx ON audit_events (tenant_id, request_id) WHERE request_id IS NOT NULL;

-- Global id registry: the ON CONFLICT (id) DO NOTHING target, and the id → (tenant, month) lookup
-- that lets GET /v1/events/{id} prune to one partition.
CREATE TABLE audit_event_ids (
  id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX audit_event_ids_occurred_at_idx ON audit_event_ids (occurred_at);

-- Append-only: any UPDATE or DELETE of a stored event is refused. Retention removes whole
-- partitions (DROP/DETACH), which row triggers do not see, by design.
CREATE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();

CREATE FUNCTION audit_partition_name(month_start date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'audit_events_' || to_char(month_start, 'YYYY_MM');
$$;

-- Creates the monthly partition holding `at` if it does not exist yet. Serialised by an advisory
-- lock so two workers that meet a new month at once do not race on CREATE TABLE.
CREATE FUNCTION audit_ensure_partition(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', at AT TIME ZONE 'UTC')::date;
  name text := audit_partition_name(month_start);
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN name;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('bulwark_audit_partitions'));
  IF to_regclass(name) IS NULL THEN
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
      name,
      (month_start::timestamp AT TIME ZONE 'UTC'),
      ((month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC')
    );
    EXECUTE format(
      'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I EXECUTE FUNCTION audit_events_reject_change()',
      name
    );
  END IF;
  RETURN name;
END;
$$;

-- Partition maintenance: the current month plus `months_ahead` upcoming ones.
CREATE FUNCTION audit_create_partitions(months_ahead int DEFAULT 3) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 0..months_ahead LOOP
    PERFORM audit_ensure_partition(now() + make_interval(months => i));
  END LOOP;
END;
$$;

SELECT audit_create_partitions(3);
