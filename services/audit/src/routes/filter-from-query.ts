import type { EventFilter } from '../domain/events/event-filter.js';

interface FilterQuery {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  on_behalf_of?: string | undefined;
  agent?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  outcome?: 'success' | 'failure' | 'denied' | undefined;
  request_id?: string | undefined;
}

export function filterFromQuery(query: FilterQuery): EventFilter {
  return {
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    actor: query.actor,
    onBehalfOf: query.on_behalf_of,
    agent: query.agent,
    actionPrefix: query.action,
    target: query.target,
    outcome: query.outcome,
    requestId: query.request_id,
  };
}
