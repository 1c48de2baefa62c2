import { type Actor, ForbiddenError, hasScope, InsufficientScopeError } from '@bulwark/core';

export const OPERATOR_SCOPE = 'audit:admin';

/**
 * The operator views (queue dashboard, reconciler status) show every tenant's jobs and volumes, so
 * a tenant's own `audit:admin` is not enough: its tenant must be an operator tenant
 * (`AUDIT_ADMIN_TENANTS`), or the credential must hold `*` (the bootstrap admin key).
 */
export function assertOperator(actor: Actor, adminTenants: readonly string[]): void {
  if (!hasScope(actor.scopes, OPERATOR_SCOPE)) throw new InsufficientScopeError(OPERATOR_SCOPE, actor.scopes);
  if (actor.scopes.includes('*') || adminTenants.includes(actor.tenantId)) return;
  throw new ForbiddenError(
    'Operator views span every tenant: they need `audit:admin` from a tenant listed in AUDIT_ADMIN_TENANTS, or the bootstrap admin credential.',
  );
}
