import { describe, expect, it } from 'vitest';
import {
  hasScope,
  intersectScopes,
  isSubsetOf,
  isValidScopeToken,
  missingScopes,
  parseScope,
} from '../src/index.js';

describe('scopes', () => {
  it('parses space-separated scopes, dropping blanks and duplicates', () => {
    expect(parseScope('  email  calendar:read email ')).toEqual(['email', 'calendar:read']);
    expect(parseScope(undefined)).toEqual([]);
  });

  it('matches wildcards by resource prefix only', () => {
    expect(hasScope(['billing:*'], 'billing:read')).toBe(true);
    expect(hasScope(['billing:*'], 'billing')).toBe(true);
    expect(hasScope(['billing:*'], 'billingx:read')).toBe(false);
    expect(hasScope(['billing:read'], 'billing:*')).toBe(false);
    expect(hasScope(['*'], 'anything:at:all')).toBe(true);
  });

  it('checks narrowing: requested ⊆ granted', () => {
    expect(isSubsetOf(['email:read'], ['email:*', 'calendar:read'])).toBe(true);
    expect(isSubsetOf(['email:read', 'files:write'], ['email:*'])).toBe(false);
    expect(missingScopes(['email:read', 'files:write'], ['email:*'])).toEqual(['files:write']);
    expect(isSubsetOf([], [])).toBe(true);
  });

  it('intersects a request with several grants', () => {
    expect(
      intersectScopes(['email', 'files:read', 'admin'], ['email', 'files:*'], ['files:read', 'email']),
    ).toEqual(['email', 'files:read']);
  });

  it('validates RFC 6749 scope-token syntax', () => {
    expect(isValidScopeToken('email:read')).toBe(true);
    expect(isValidScopeToken('has"quote')).toBe(false);
    expect(isValidScopeToken('back\\slash')).toBe(false);
    expect(isValidScopeToken('')).toBe(false);
  });
});
