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
  created_at: Date;
  updated_at: Date;
}

export const SINK_COLUMNS =
  'id, tenant_id, url, description, action_prefixes, enabled, secret_hint, created_at, updated_at';

export function toSink(row: SinkRow): Sink {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    url: row.url,
    description: row.description,
    action_prefixes: row.action_prefixes,
    enabled: row.enabled,
    secret_hint: row.secret_hint,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The audit `changes` form of a sink: what an admin can see, nothing that signs. */
export function sinkSnapshot(sink: Sink): Omit<Sink, 'tenant_id' | 'created_at' | 'updated_at'> {
  const { tenant_id: _tenant, created_at: _created, updated_at: _updated, ...rest } = sink;
  return rest;
}
