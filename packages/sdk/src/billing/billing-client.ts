import type { BodyOf, QueryOf, ResponseOf } from '../api-types.js';
import type { paths } from '../generated/billing.gen.js';
import type { HttpClient } from '../http.js';
import { toQuery } from '../http-query.js';

export type UsageQuery = QueryOf<paths, '/v1/usage', 'get'>;
export type UsageReport = ResponseOf<paths, '/v1/usage', 'get'>;
export type CreateBudgetInput = BodyOf<paths, '/v1/budgets', 'post'>;
export type Budget = ResponseOf<paths, '/v1/budgets', 'post'>;
export type BudgetDecision = ResponseOf<paths, '/v1/budgets/check', 'post'>;
export type CreateCustomerInput = BodyOf<paths, '/v1/customers', 'post'>;
export type Customer = ResponseOf<paths, '/v1/customers', 'post'>;
export type CreateMeterInput = BodyOf<paths, '/v1/meters', 'post'>;
export type Meter = ResponseOf<paths, '/v1/meters', 'post'>;
export type SyncStatus = ResponseOf<paths, '/v1/sync/status', 'get'>;

/** `bw.billing`: metered usage, budgets, and the Stripe mapping (customers, meters). */
export class BillingClient {
  readonly budgets: BudgetsApi;

  constructor(private readonly http: HttpClient) {
    this.budgets = new BudgetsApi(http);
  }

  /**
   * Ledger totals for the caller's tenant over `[from, to)`, grouped by agent, user, action or day.
   * `from`/`to` default to the last 30 days.
   */
  usage(query: Partial<UsageQuery> & Pick<UsageQuery, 'group_by'>): Promise<UsageReport> {
    const to = query.to ?? new Date(Date.now() + 60_000).toISOString();
    const from = query.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString();
    return this.http.request<UsageReport>({
      method: 'GET',
      path: '/v1/usage',
      query: toQuery({ ...query, from, to }),
    });
  }

  syncStatus(): Promise<SyncStatus> {
    return this.http.request<SyncStatus>({ method: 'GET', path: '/v1/sync/status' });
  }

  createCustomer(input: CreateCustomerInput): Promise<Customer> {
    return this.http.request<Customer>({
      method: 'POST',
      path: '/v1/customers',
      json: input,
      idempotent: true,
    });
  }

  createMeter(input: CreateMeterInput): Promise<Meter> {
    return this.http.request<Meter>({ method: 'POST', path: '/v1/meters', json: input, idempotent: true });
  }
}

export class BudgetsApi {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateBudgetInput): Promise<Budget> {
    return this.http.request<Budget>({ method: 'POST', path: '/v1/budgets', json: input, idempotent: true });
  }

  list(): Promise<ResponseOf<paths, '/v1/budgets', 'get'>> {
    return this.http.request({ method: 'GET', path: '/v1/budgets' });
  }

  delete(id: string): Promise<void> {
    return this.http.request<void>({ method: 'DELETE', path: `/v1/budgets/${encodeURIComponent(id)}` });
  }

  /** `allowed` or `exceeded` for spending `units` more as `agentId` now. */
  check(agentId: string, units = 1): Promise<BudgetDecision> {
    return this.http.request<BudgetDecision>({
      method: 'POST',
      path: '/v1/budgets/check',
      json: { agent_id: agentId, units },
    });
  }
}
