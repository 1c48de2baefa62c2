import type { SuspendAgent } from '../domain/budgets.js';

export interface SuspendViaAuthOptions {
  /** Auth's base URL (`AUTH_URL`). */
  authUrl: string;
  /**
   * A `bwk_…` API key with `auth:admin`; to act on other tenants' agents it must be a root-tenant key
   * that also holds `tenants:admin` (auth's `?tenant_id=` rule).
   */
  apiKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class SuspendFailedError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'SuspendFailedError';
  }
}

/**
 * The budget kill switch: `POST {auth}/v1/agents/{id}/revoke?tenant_id=…`, which suspends the agent
 * and revokes every token it holds (auth audits it as `auth.revocation.create` and pushes it to every
 * verifier). Revoke rather than suspend: a suspended agent's live tokens would keep spending until
 * they expire. Repeating the call is harmless, so callers may retry freely.
 */
export function suspendViaAuth(options: SuspendViaAuthOptions): SuspendAgent {
  const doFetch = options.fetch ?? fetch;
  const base = options.authUrl.replace(/\/+$/, '');
  return async (tenantId, agentId) => {
    const url = `${base}/v1/agents/${encodeURIComponent(agentId)}/revoke?tenant_id=${encodeURIComponent(tenantId)}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new SuspendFailedError(null, `auth unreachable at ${base}: ${(error as Error).message}`);
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    // problem+json `detail`/`title` only: never echo headers or the key.
    const problem = (await response.json().catch(() => ({}))) as { detail?: unknown; title?: unknown };
    const why = typeof problem.detail === 'string' ? problem.detail : String(problem.title ?? '');
    throw new SuspendFailedError(
      response.status,
      `auth refused to revoke agent ${agentId} of tenant ${tenantId}: ${response.status} ${why}`.trim(),
    );
  };
}
