import type { CreateAgentInput } from '@bulwark/sdk';

export interface AgentFormValues {
  name: string;
  scopes: string;
  maxTokenTtl: string;
}

export const EMPTY_AGENT_FORM: AgentFormValues = { name: '', scopes: '', maxTokenTtl: '' };

/** Scopes as typed: separated by spaces or commas, duplicates dropped, order kept. */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((scope) => scope.length > 0))];
}

/**
 * The create-agent body, or the first problem to show next to the form. Only shape is checked here;
 * auth decides what scopes and TTLs are allowed and its problem+json says so.
 */
export function agentInputFrom(values: AgentFormValues): { input: CreateAgentInput } | { problem: string } {
  const name = values.name.trim();
  if (!name) return { problem: 'Give the agent a name.' };
  const scopes = parseScopes(values.scopes);
  if (scopes.length === 0) return { problem: 'List at least one scope the agent may request, e.g. "email".' };
  const input: CreateAgentInput = { name, allowed_scopes: scopes };
  const ttl = values.maxTokenTtl.trim();
  if (ttl) {
    const seconds = Number(ttl);
    if (!Number.isInteger(seconds) || seconds <= 0) {
      return { problem: 'Max token TTL is a whole number of seconds, e.g. 3600.' };
    }
    input.max_token_ttl = seconds;
  }
  return { input };
}
