import type { BillingConfig } from '../config.js';
import type { SuspendAgent } from '../domain/budgets.js';
import { suspendViaAuth } from './suspend-via-auth.js';

/**
 * The budget kill switch as configured: auth's revoke endpoint with BILLING_AUTH_API_KEY, or nothing.
 * `notice` is for the start-up log, so an operator sees at once when suspension is off.
 */
export function suspenderFromConfig(config: Pick<BillingConfig, 'authUrl' | 'authApiKey'>): {
  suspend: SuspendAgent | undefined;
  notice: string;
} {
  if (!config.authApiKey) {
    return {
      suspend: undefined,
      notice:
        'BILLING_AUTH_API_KEY is not set: budget suspension is DISABLED. Budgets with suspend_agent still ' +
        'answer `exceeded` and audit the breach, but no agent is revoked in auth. Set it to an auth:admin ' +
        'API key (root tenant, with tenants:admin) to enable the kill switch.',
    };
  }
  return {
    suspend: suspendViaAuth({ authUrl: config.authUrl, apiKey: config.authApiKey }),
    notice: `budget suspension enabled: agents over a suspend_agent budget are revoked through ${config.authUrl}`,
  };
}
