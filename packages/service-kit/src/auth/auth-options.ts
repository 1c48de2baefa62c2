import type { AccessTokenAlgorithm } from './verify-access-token.js';

export interface AuthOptions {
  /** Expected `iss` (BULWARK_ISSUER). */
  issuer: string;
  /** Accepted `aud` values, e.g. `['bulwark', 'bulwark:audit']`. */
  audiences: string[];
  jwksUrl: string;
  /** RFC 7662 endpoint used to resolve `bwk_…` API keys. */
  introspectionUrl: string;
  /** Pinned signature algorithms; never `none` or HS* (default ES256, EdDSA, RS256). */
  algorithms?: AccessTokenAlgorithm[];
  /** Allowed clock skew for exp/nbf/iat in seconds (default 5). */
  clockToleranceSeconds?: number;
  jwksCooldownMs?: number;
  jwksMaxAgeMs?: number;
  apiKeyPositiveTtlMs?: number;
  apiKeyNegativeTtlMs?: number;
  /** Where revocations are mirrored (docs/contracts.md). Without it no revocation is enforced. */
  redis?: { url: string; prefix: string };
  /**
   * Reuse of successful token verifications (signature + claims), keyed by SHA-256 of the token.
   * Revocation is still checked on every request. Default on: 10,000 tokens, each for at most 60 s
   * and never past its `exp`. `false` verifies the signature on every request.
   */
  verifiedTokenCache?: false | { maxEntries?: number; maxAgeMs?: number };
  /** How long `ready()` waits for the first revocation snapshot before booting anyway (default 5 s). */
  revocationStartWaitMs?: number;
}

export const DEFAULT_ALGORITHMS: AccessTokenAlgorithm[] = ['ES256', 'EdDSA', 'RS256'];
const SAFE_ALGORITHMS = new Set<string>(DEFAULT_ALGORITHMS);

/** Fails at start-up on options that would weaken verification, rather than at the first request. */
export function checkAuthOptions(options: AuthOptions): void {
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  const unsafe = algorithms.filter((alg) => !SAFE_ALGORITHMS.has(alg));
  if (algorithms.length === 0 || unsafe.length > 0) {
    throw new Error(
      `auth.algorithms must be a non-empty subset of ${DEFAULT_ALGORITHMS.join(', ')} (got ${algorithms.join(', ')})`,
    );
  }
  if (options.audiences.length === 0) throw new Error('auth.audiences must name at least one audience');
  if (!options.issuer) throw new Error('auth.issuer is required');
}
