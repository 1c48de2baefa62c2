/**
 * Scopes are space-separated strings (RFC 6749 §3.3). A scope is `resource` or `resource:action`
 * (`billing:read`); a grant may use a trailing wildcard (`billing:*`, or `*` for everything).
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function parseScope(scope: string | readonly string[] | undefined | null): string[] {
  if (scope === undefined || scope === null) return [];
  const parts = typeof scope === 'string' ? scope.split(' ') : [...scope];
  const seen = new Set<string>();
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed.length > 0) seen.add(trimmed);
  }
  return [...seen];
}

export function formatScope(scopes: readonly string[]): string {
  return parseScope(scopes).join(' ');
}

/** RFC 6749 §3.3 scope-token syntax: printable ASCII except space, `"` and `\`. */
export function isValidScopeToken(scope: string): boolean {
  return scope.length > 0 && scope.length <= 200 && SCOPE_TOKEN.test(scope);
}

/** Does the granted scope `grant` (possibly a wildcard) cover the requested scope `wanted`? */
export function scopeCovers(grant: string, wanted: string): boolean {
  if (grant === wanted || grant === '*') return true;
  if (grant.endsWith(':*')) {
    const base = grant.slice(0, -1); // keep the colon: `billing:`
    if (wanted.startsWith(base)) return true;
    // `billing:*` also covers the bare resource `billing` and a narrower wildcard `billing:x:*`.
    return wanted === grant.slice(0, -2);
  }
  return false;
}

/** True when at least one granted scope covers `wanted`. */
export function hasScope(granted: readonly string[], wanted: string): boolean {
  return granted.some((grant) => scopeCovers(grant, wanted));
}

/** Narrowing check: is every scope of `requested` covered by `granted` (requested ⊆ granted)? */
export function isSubsetOf(requested: readonly string[], granted: readonly string[]): boolean {
  return requested.every((wanted) => hasScope(granted, wanted));
}

/** The scopes of `requested` that `granted` does not cover. */
export function missingScopes(requested: readonly string[], granted: readonly string[]): string[] {
  return requested.filter((wanted) => !hasScope(granted, wanted));
}

/**
 * The scopes of `requested` allowed by every one of `grants` (used to intersect a subject token's
 * scope with an agent's allowed scopes). Wildcards in `requested` survive only if each grant covers them.
 */
export function intersectScopes(requested: readonly string[], ...grants: (readonly string[])[]): string[] {
  return parseScope(requested).filter((wanted) => grants.every((granted) => hasScope(granted, wanted)));
}
