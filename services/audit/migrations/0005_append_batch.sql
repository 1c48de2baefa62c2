-- Appends one batch to the store in a single statement, so the chain_heads row locks (the one point
-- where workers serialise) are held only while Postgres works, never across a round trip to a busy
-- worker process. Measured before this: under load, transactions sat "idle in transaction" holding
-- the heads while the worker's event loop was busy with BullMQ, and every other batch waited.
--
-- Input arrays are in chain order (occurred_at, id) and carry the canonical JSON of each event
-- (computed by the worker, which also verifies with the same function). Steps, as before in Node:
-- 1. ids into audit_event_ids, sorted, ON CONFLICT DO NOTHING: only returned ids are new;
-- 2. heads of the tenants with new events created if missing, then locked FOR UPDATE in tenant order
--    (each statement of a VOLATILE function takes a fresh snapshot, so a head another worker just
--    committed is seen);
-- 3. per tenant, in chain order: seq + 1, hash = SHA-256(utf8(canonical JSON) || raw prev_hash)
--    (byte-identical to chainHash in src/domain/chain/chain-hash.ts); one INSERT for the events and
--    one UPDATE for the heads. Returns (id, seq, hash) of each stored event.
CREATE FUNCTION audit_append_batch(p_ids uuid[], p_tenants text[], p_times timestamptz[], p_docs text[])
RETURNS TABLE (stored_id uuid, stored_seq bigint, stored_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  genesis constant text := repeat('0', 64);
  fresh uuid[];
  fresh_tenants text[];
  r record;
  cur_tenant text := NULL;
  cur_seq bigint;
  cur_hash text;
  next_hash text;
  o_ids uuid[] := '{}';
  o_tenants text[] := '{}';
  o_times timestamptz[] := '{}';
  o_seqs bigint[] := '{}';
  o_prev text[] := '{}';
  o_hashes text[] := '{}';
  o_docs text[] := '{}';
  h_tenants text[] := '{}';
  h_seqs bigint[] := '{}';
  h_hashes text[] := '{}';
BEGIN
  WITH added AS (
    INSERT INTO audit_event_ids (id, tenant_id, occurred_at)
    SELECT u.id, u.tenant, u.at FROM unnest(p_ids, p_tenants, p_times) AS u(id, tenant, at) ORDER BY u.id
    ON CONFLICT (id) DO NOTHING
    RETURNING audit_event_ids.id, audit_event_ids.tenant_id
  )
  SELECT array_agg(a.id), array_agg(DISTINCT a.tenant_id) INTO fresh, fresh_tenants FROM added AS a;
  IF fresh IS NULL THEN
    RETURN;
  END IF;

  INSERT INTO chain_heads (tenant_id, seq, hash)
  SELECT t, 0, genesis FROM unnest(fresh_tenants) AS t ORDER BY t
  ON CONFLICT (tenant_id) DO NOTHING;
  PERFORM 1 FROM chain_heads AS h WHERE h.tenant_id = ANY (fresh_tenants) ORDER BY h.tenant_id FOR UPDATE;

  FOR r IN
    SELECT u.id, u.tenant, u.at, u.doc
    FROM unnest(p_ids, p_tenants, p_times, p_docs) WITH ORDINALITY AS u(id, tenant, at, doc, ord)
    JOIN unnest(fresh) AS f(id) ON f.id = u.id
    ORDER BY u.tenant, u.ord
  LOOP
    IF cur_tenant IS DISTINCT FROM r.tenant THEN
      IF cur_tenant IS NOT NULL THEN
        h_tenants := h_tenants || cur_tenant;
        h_seqs := h_seqs || cur_seq;
        h_hashes := h_hashes || cur_hash;
      END IF;
      SELECT h.seq, h.hash INTO cur_seq, cur_hash FROM chain_heads AS h WHERE h.tenant_id = r.tenant;
      cur_tenant := r.tenant;
    END IF;
    next_hash := encode(sha256(convert_to(r.doc, 'UTF8') || decode(cur_hash, 'hex')), 'hex');
    cur_seq := cur_seq + 1;
    o_ids := o_ids || r.id;
    o_tenants := o_tenants || r.tenant;
    o_times := o_times || r.at;
    o_seqs := o_seqs || cur_seq;
    o_prev := o_prev || cur_hash;
    o_hashes := o_hashes || next_hash;
    o_docs := o_docs || r.doc;
    cur_hash := next_hash;
  END LOOP;
  h_tenants := h_tenants || cur_tenant;
  h_seqs := h_seqs || cur_seq;
  h_hashes := h_hashes || cur_hash;

  INSERT INTO audit_events (id, tenant_id, occurred_at, seq, prev_hash, hash, event)
  SELECT * FROM unnest(o_ids, o_tenants, o_times, o_seqs, o_prev, o_hashes, o_docs::jsonb[]);
  UPDATE chain_heads AS h SET seq = v.seq, hash = v.hash, updated_at = now()
  FROM unnest(h_tenants, h_seqs, h_hashes) AS v(tenant_id, seq, hash)
  WHERE h.tenant_id = v.tenant_id;

  RETURN QUERY SELECT * FROM unnest(o_ids, o_seqs, o_hashes);
END;
$$;
