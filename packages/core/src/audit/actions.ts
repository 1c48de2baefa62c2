/**
 * The closed list of audit action names, `{service}.{entity}.{verb}`. A service may only emit
 * actions listed here, so the query UI, exports and SIEM mappings never meet a surprise. Resource
 * servers report agent actions under the open `agent.action.*` namespace.
 */
export const AUDIT_ACTIONS = {
  auth: [
    'auth.tenant.create',
    'auth.tenant.update',
    'auth.tenant.delete',
    'auth.user.create',
    'auth.user.update',
    'auth.user.delete',
    'auth.agent.create',
    'auth.agent.update',
    'auth.agent.delete',
    'auth.agent.suspend',
    'auth.agent.reinstate',
    'auth.agent.secret_rotate',
    'auth.api_key.create',
    'auth.api_key.update',
    'auth.api_key.revoke',
    'auth.scope.create',
    'auth.scope.update',
    'auth.scope.delete',
    'auth.trusted_issuer.create',
    'auth.trusted_issuer.update',
    'auth.trusted_issuer.delete',
    'auth.signing_key.create',
    'auth.signing_key.rotate',
    'auth.signing_key.retire',
    'auth.token.issue',
    'auth.token.exchange',
    'auth.token.refresh',
    'auth.token.introspect',
    'auth.token.revoke',
    'auth.revocation.create',
    'auth.delegation.revoke',
    'auth.client.register',
  ],
  audit: [
    'audit.sink.create',
    'audit.sink.update',
    'audit.sink.secret_rotate',
    'audit.sink.delete',
    'audit.sink.redeliver',
    'audit.retention.update',
    'audit.export.create',
    'audit.checkpoint.create',
    'audit.partition.drop',
  ],
  billing: [
    'billing.customer.create',
    'billing.customer.update',
    'billing.meter.create',
    'billing.meter.update',
    'billing.meter.delete',
    'billing.budget.create',
    'billing.budget.update',
    'billing.budget.delete',
    'billing.budget.exceeded',
    'billing.usage.sync',
    'billing.webhook.receive',
  ],
  licensing: [
    'licensing.product.create',
    'licensing.product.update',
    'licensing.product.delete',
    'licensing.policy.create',
    'licensing.policy.update',
    'licensing.policy.delete',
    'licensing.license.create',
    'licensing.license.update',
    'licensing.license.delete',
    'licensing.license.suspend',
    'licensing.license.reinstate',
    'licensing.license.revoke',
    'licensing.license.renew',
    'licensing.license.transfer',
    'licensing.license.validate',
    'licensing.license.checkout',
    'licensing.license.check_in',
    'licensing.machine.activate',
    'licensing.machine.deactivate',
    'licensing.machine.heartbeat',
    'licensing.signing_key.rotate',
  ],
  flags: [
    'flags.flag.create',
    'flags.flag.update',
    'flags.flag.toggle',
    'flags.flag.archive',
    'flags.flag.rollout',
    'flags.flag.variants',
    'flags.unleash.event',
  ],
} as const;

export type ServiceName = keyof typeof AUDIT_ACTIONS;
export type RegisteredAction = (typeof AUDIT_ACTIONS)[ServiceName][number];
export type AgentAction = `agent.action.${string}`;
export type AuditAction = RegisteredAction | AgentAction;

const REGISTERED = new Set<string>(Object.values(AUDIT_ACTIONS).flat());
const AGENT_ACTION = /^agent\.action\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export function isAgentAction(action: string): action is AgentAction {
  return AGENT_ACTION.test(action) && action.length <= 200;
}

export function isKnownAction(action: string): action is AuditAction {
  return REGISTERED.has(action) || isAgentAction(action);
}

export function actionsOf(service: ServiceName): readonly string[] {
  return AUDIT_ACTIONS[service];
}
