/** Filters shared by query, export and count; every one is optional and they combine with AND. */
export interface EventFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  onBehalfOf?: string | undefined;
  agent?: string | undefined;
  /** `agent.action.` or `auth.token` (a trailing `*` or `.*` is accepted and ignored). */
  actionPrefix?: string | undefined;
  target?: string | undefined;
  outcome?: 'success' | 'failure' | 'denied' | undefined;
  requestId?: string | undefined;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * WHERE clause for a tenant and a filter; `$1` is always the tenant. Returns the SQL and its params,
 * ready for further keyset conditions appended by the caller.
 */
export function whereFor(tenantId: string, filter: EventFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const clauses = ['tenant_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (filter.from) add((p) => `occurred_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `occurred_at < ${p}`, filter.to);
  if (filter.actor) add((p) => `actor_id = ${p}`, filter.actor);
  if (filter.onBehalfOf) add((p) => `on_behalf_of_id = ${p}`, filter.onBehalfOf);
  // "The agent" is the acting agent, or any agent along the delegation chain.
  if (filter.agent) {
    add(
      (p) =>
        `((actor_type = 'agent' AND actor_id = ${p}) OR event -> 'delegation_chain' @> jsonb_build_array(jsonb_build_object('sub', ${p}::text)))`,
      filter.agent,
    );
  }
  if (filter.actionPrefix) {
    const prefix = filter.actionPrefix.replace(/\.?\*$/, '');
    add((p) => `action LIKE ${p} ESCAPE '\\'`, `${escapeLike(prefix)}%`);
  }
  if (filter.target) {
    const [type, ...rest] = filter.target.split(':');
    if (rest.length > 0 && type) {
      add((p) => `target_type = ${p}`, type);
      add((p) => `target_id = ${p}`, rest.join(':'));
    } else add((p) => `target_id = ${p}`, filter.target);
  }
  if (filter.outcome) add((p) => `outcome = ${p}`, filter.outcome);
  if (filter.requestId) add((p) => `request_id = ${p}`, filter.requestId);
  return { sql: clauses.join(' AND '), params };
}
