import { decodeJwt, decodeProtectedHeader } from 'jose';

interface ActClaim {
  sub: string;
  act?: ActClaim;
}

export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown> & {
    sub?: string;
    act?: ActClaim;
    scope?: string;
    exp?: number;
    iat?: number;
  };
  /** Outermost (current) actor first. */
  delegationChain: string[];
}

/** Decodes a JWT without verifying it (for display only; use a verifier to trust it). */
export function decodeToken(token: string): DecodedToken {
  const header = decodeProtectedHeader(token) as Record<string, unknown>;
  const claims = decodeJwt(token) as DecodedToken['claims'];
  const chain: string[] = [];
  for (let act = claims.act; act; act = act.act) chain.push(act.sub);
  return { header, claims, delegationChain: chain };
}

/**
 * Explains a token's delegation in words, e.g.
 * "agt_b acts for usr_1, through agt_a (first actor)". RFC 8693 §4.1: the innermost act is the first.
 */
export function explainDelegation(decoded: DecodedToken): string {
  const sub = decoded.claims.sub ?? '(no subject)';
  const chain = decoded.delegationChain;
  if (chain.length === 0) {
    const client = decoded.claims.client_id;
    return client === sub
      ? `${sub} acts for itself (client credentials).`
      : `${sub}'s own token (client ${String(client)}).`;
  }
  const [current, ...earlier] = chain;
  const through =
    earlier.length > 0
      ? `, delegated through ${earlier.join(' ← ')} (first actor: ${earlier[earlier.length - 1]})`
      : '';
  return `${current} acts on behalf of ${sub}${through}.`;
}
