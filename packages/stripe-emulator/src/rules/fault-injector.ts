/**
 * Failure injection: the next N API calls (optionally only those whose path starts with a prefix)
 * fail. `500` fails before any effect. `timeout` is the nastier case a client cannot tell apart from
 * a lost request: the call takes effect, then the response never comes and the socket is dropped.
 * `429` answers a rate-limit error without effect.
 */
export type FaultKind = '500' | 'timeout' | '429';

export interface FaultPlan {
  next: number;
  kind: FaultKind;
  path_prefix?: string;
}

export class FaultInjector {
  private plans: { remaining: number; kind: FaultKind; pathPrefix: string }[] = [];
  private injectedCount = 0;

  add(plan: FaultPlan): void {
    if (plan.next > 0)
      this.plans.push({ remaining: plan.next, kind: plan.kind, pathPrefix: plan.path_prefix ?? '' });
  }

  /** Takes one fault for this path, if any plan applies. */
  take(path: string): FaultKind | undefined {
    const plan = this.plans.find(
      (candidate) => candidate.remaining > 0 && path.startsWith(candidate.pathPrefix),
    );
    if (!plan) return undefined;
    plan.remaining -= 1;
    this.plans = this.plans.filter((candidate) => candidate.remaining > 0);
    this.injectedCount += 1;
    return plan.kind;
  }

  get pending(): number {
    return this.plans.reduce((sum, plan) => sum + plan.remaining, 0);
  }

  get injected(): number {
    return this.injectedCount;
  }

  reset(): void {
    this.plans = [];
    this.injectedCount = 0;
  }
}
