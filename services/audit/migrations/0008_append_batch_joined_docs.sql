-- The batch's canonical documents as one text, separated by U+001E (record separator), instead of a
-- text[]: a text[] parameter is an array literal that node-postgres escapes element by element in
-- the worker and Postgres parses back, which for ~1 KB documents was a visible cost on both sides.
-- U+001E cannot occur raw in canonical JSON (JSON escapes every control character in strings), so
-- splitting on it returns exactly the documents sent. The chain logic stays in the text[] version.
CREATE FUNCTION audit_append_batch(p_ids uuid[], p_tenants text[], p_times timestamptz[], p_docs_joined text)
RETURNS TABLE (stored_id uuid, stored_seq bigint, stored_hash text)
LANGUAGE sql VOLATILE AS $$
  SELECT * FROM audit_append_batch(p_ids, p_tenants, p_times, string_to_array(p_docs_joined, chr(30)));
$$;
