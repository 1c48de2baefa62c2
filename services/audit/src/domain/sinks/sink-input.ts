import { ValidationError } from '@bulwark/core';

/**
 * A sink URL: absolute http(s), no userinfo (credentials in URLs end up in logs) and no fragment.
 * Plain http is allowed because self-hosted receivers often sit on a private network.
 */
export function checkSinkUrl(raw: string, field = '/body/url'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('The sink URL is invalid.', [{ field, message: 'not an absolute URL' }]);
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('must be http or https');
  if (url.username || url.password) problems.push('must not carry credentials');
  if (url.hash) problems.push('must not carry a fragment');
  if (problems.length > 0) {
    throw new ValidationError('The sink URL is invalid.', [{ field, message: problems.join('; ') }]);
  }
  return url.href;
}

/** `agent.action.*` and `agent.action.` mean the same; duplicates go. */
export function normalizePrefixes(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes.map((prefix) => prefix.replace(/\*$/, '')))].filter((p) => p.length > 0);
}

export function sinkWants(prefixes: readonly string[], action: string): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => action.startsWith(prefix));
}
