import type { AuditEvent } from '@bulwark/core';

/**
 * OCSF 1.1 mapping for SIEMs. Token work is Authentication (3002), changes to users, agents and
 * API keys are Account Change (3001), everything else — including agent actions — is API Activity
 * (6003). type_uid = class_uid * 100 + activity_id, as OCSF defines it.
 */
const AUTHENTICATION = 3002;
const ACCOUNT_CHANGE = 3001;
const API_ACTIVITY = 6003;

const AUTH_ACTIVITY: Record<string, number> = {
  issue: 1,
  exchange: 4,
  refresh: 4,
  introspect: 99,
  revoke: 2,
};
const ACCOUNT_ACTIVITY: Record<string, number> = {
  create: 1,
  reinstate: 2,
  secret_rotate: 3,
  suspend: 5,
  revoke: 5,
  delete: 6,
};
const API_VERBS: Record<string, number> = {
  create: 1,
  read: 2,
  get: 2,
  list: 2,
  validate: 2,
  update: 3,
  delete: 4,
};

function classify(action: string): { classUid: number; activityId: number } {
  const parts = action.split('.');
  const verb = parts.at(-1) ?? '';
  if (action.startsWith('auth.token.'))
    return { classUid: AUTHENTICATION, activityId: AUTH_ACTIVITY[verb] ?? 99 };
  if (/^auth\.(user|agent|api_key)\./.test(action)) {
    return { classUid: ACCOUNT_CHANGE, activityId: ACCOUNT_ACTIVITY[verb] ?? 99 };
  }
  return { classUid: API_ACTIVITY, activityId: API_VERBS[verb] ?? 99 };
}

export function toOcsf(event: AuditEvent): Record<string, unknown> {
  const { classUid, activityId } = classify(event.action);
  const failed = event.outcome.status !== 'success';
  return {
    class_uid: classUid,
    category_uid: Math.floor(classUid / 1000),
    activity_id: activityId,
    type_uid: classUid * 100 + activityId,
    time: Date.parse(event.occurred_at),
    severity_id: event.outcome.status === 'denied' ? 3 : 1,
    status_id: failed ? 2 : 1,
    status: failed ? 'Failure' : 'Success',
    ...(failed && {
      status_detail: `${event.outcome.status}${event.outcome.reason ? `: ${event.outcome.reason}` : ''}`,
    }),
    message: event.action,
    metadata: {
      uid: event.id,
      version: '1.1.0',
      product: { name: 'Bulwark Audit', vendor_name: 'Bulwark' },
      tenant_uid: event.tenant_id,
      correlation_uid: event.request_id,
    },
    actor: {
      user: { uid: event.actor.id, type: event.actor.type },
      ...(event.delegation_chain.length > 0 && {
        authorizations: event.delegation_chain.map((link) => ({
          decision: 'delegated',
          policy: { uid: link.sub },
        })),
      }),
      ...(event.on_behalf_of && { invoked_by: `${event.on_behalf_of.type}:${event.on_behalf_of.id}` }),
    },
    api: { operation: event.action, request: { uid: event.request_id } },
    src_endpoint: { ip: event.source.ip },
    http_request: { user_agent: event.source.user_agent },
    ...(event.target && { resources: [{ type: event.target.type, uid: event.target.id }] }),
    ...(classUid === ACCOUNT_CHANGE &&
      event.target && { user: { uid: event.target.id, type: event.target.type } }),
    unmapped: {
      units: event.units,
      credential: event.credential,
      changes: event.changes,
      metadata: event.metadata,
    },
  };
}
