import type { AuditPage, AuditQuery } from '@bulwark/sdk';

export type AuditRow = AuditPage['data'][number];
export type OutcomeFilter = '' | 'success' | 'failure' | 'denied';

export interface AuditFilters {
  agent: string;
  user: string;
  actionPrefix: string;
  outcome: OutcomeFilter;
}

export const EMPTY_FILTERS: AuditFilters = { agent: '', user: '', actionPrefix: '', outcome: '' };
export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit API query for the filter form. `agent` matches the acting agent or any agent in the
 * delegation chain; `user` is the user the action was done for (`on_behalf_of`), which is what an
 * operator means by "what did agents do for this user".
 */
export function auditQueryFor(filters: AuditFilters, cursor?: string): AuditQuery {
  const query: AuditQuery = { limit: AUDIT_PAGE_SIZE };
  const agent = filters.agent.trim();
  const user = filters.user.trim();
  const action = filters.actionPrefix.trim().replace(/\.+$/, '');
  if (agent) query.agent = agent;
  if (user) query.on_behalf_of = user;
  if (action) query.action = action;
  if (filters.outcome) query.outcome = filters.outcome;
  if (cursor) query.cursor = cursor;
  return query;
}

/**
 * Who acted for whom (empty when nobody delegated), in reading order: the user first, then each agent from the first delegate to
 * the one that acted. The API's `delegation_chain` lists the current actor first, so it is reversed.
 */
export function delegationPath(
  event: Pick<AuditRow, 'actor' | 'on_behalf_of' | 'delegation_chain'>,
): string[] {
  if (event.delegation_chain.length === 0) return [];
  const agents = [...event.delegation_chain].reverse().map((link) => link.sub);
  return event.on_behalf_of ? [event.on_behalf_of.id, ...agents] : agents;
}

/** Appends a page, skipping events already shown (a refresh racing "load more" must not duplicate). */
export function mergePages(shown: AuditRow[], next: AuditRow[]): AuditRow[] {
  const seen = new Set(shown.map((event) => event.id));
  return [...shown, ...next.filter((event) => !seen.has(event.id))];
}
