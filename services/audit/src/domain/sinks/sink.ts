/** A webhook sink as the API shows it. The secret is never part of it (only at creation). */
export interface Sink {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  /** Events whose action starts with one of these are delivered; empty = every event. */
  action_prefixes: string[];
  enabled: boolean;
  secret_hint: string;
  /** While a rotation's overlap window lasts: the old secret's hint and when it stops signing. */
  previous_secret_hint: string | null;
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SinkRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  action_prefixes: string[];
  enabled: boolean;
  secret_hint: string;
  previous_secret_hint: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The previous secret shows only while its overlap window lasts (the sweep clears it later). */
export const SINK_COLUMNS = `id, tenant_id, url, description, action_prefixes, enabled, secret_hint,
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_hint END AS previous_secret_hint,
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at,
  created_at, updated_at`;

export function toSink(row: SinkRow): Sink {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    url: row.url,
    description: row.description,
    action_prefixes: row.action_prefixes,
    enabled: row.enabled,
    secret_hint: row.secret_hint,
    previous_secret_hint: row.previous_secret_hint,
    previous_secret_expires_at: row.previous_secret_expires_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/**
 * The audit `changes` form of a sink: what an admin can see, nothing that signs. The rotation
 * overlap is left out (core's redaction would blank any `*secret*` key; a rotation's audit event
 * carries the overlap in its metadata instead); `secret_hint` before/after shows the rotation.
 */
export function sinkSnapshot(
  sink: Sink,
): Omit<
  Sink,
  'tenant_id' | 'created_at' | 'updated_at' | 'previous_secret_hint' | 'previous_secret_expires_at'
> {
  const {
    tenant_id: _tenant,
    created_at: _created,
    updated_at: _updated,
    previous_secret_hint: _previousHint,
    previous_secret_expires_at: _previousExpiry,
    ...rest
  } = sink;
  return rest;
}
