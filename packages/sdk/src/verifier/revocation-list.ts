/**
 * The revocations a verifier applies locally: revoked token ids (kept until the token would have
 * expired anyway) and `not_before` epochs per agent, user and tenant (the kill switches).
 */
export interface RevocationEvent {
  kind: 'jti' | 'agent' | 'user' | 'tenant';
  value: string;
  /** For agent/user/tenant: tokens issued before this epoch second are revoked. */
  not_before?: number;
  /** For jti: the token's own expiry, after which the entry can be forgotten. */
  exp?: number;
}

export interface TokenIdentity {
  jti: string;
  iat: number;
  sub: string;
  tenantId: string;
  /** The acting agent: `act.sub`, or `client_id` for an agent's own token. */
  agentId: string | undefined;
}

export class RevocationList {
  private readonly jtis = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();

  apply(event: RevocationEvent): void {
    if (event.kind === 'jti') {
      this.jtis.set(event.value, event.exp ?? Number.MAX_SAFE_INTEGER);
      return;
    }
    const key = `${event.kind}:${event.value}`;
    const epoch = event.not_before ?? Math.floor(Date.now() / 1000);
    this.notBefore.set(key, Math.max(epoch, this.notBefore.get(key) ?? 0));
  }

  /** Why a token is revoked, or undefined when it is not. */
  reason(token: TokenIdentity): string | undefined {
    if (this.jtis.has(token.jti)) return 'The token has been revoked.';
    const checks: [string, string][] = [
      [`tenant:${token.tenantId}`, 'All tokens of this tenant have been revoked.'],
      [`user:${token.sub}`, 'All tokens of this user have been revoked.'],
    ];
    if (token.agentId) checks.push([`agent:${token.agentId}`, 'The agent has been revoked (kill switch).']);
    for (const [key, message] of checks) {
      const epoch = this.notBefore.get(key);
      if (epoch !== undefined && token.iat < epoch) return message;
    }
    return undefined;
  }

  /** Forget revoked jtis whose tokens have expired on their own. */
  prune(nowSeconds: number = Math.floor(Date.now() / 1000)): void {
    for (const [jti, exp] of this.jtis) if (exp < nowSeconds) this.jtis.delete(jti);
  }

  get size(): number {
    return this.jtis.size + this.notBefore.size;
  }
}
