import type { Actor } from '../actor.js';
import { systemClock, type Clock } from '../clock.js';
import { uuidv7 } from '../ids.js';
import { type AuditAction, isKnownAction } from './actions.js';
import { AUDIT_EVENT_SCHEMA_VERSION, type AuditEvent, type AuditParty } from './event.js';
import { redact } from './redact.js';

export interface BuildEventInput {
  actor: Actor;
  action: AuditAction;
  target?: { type: string; id: string } | null;
  outcome?: AuditEvent['outcome'];
  requestId?: string | null;
  source?: Partial<AuditEvent['source']>;
  units?: number;
  changes?: { before: unknown; after: unknown } | null;
  onBehalfOf?: AuditParty | null;
  credentialKind?: NonNullable<AuditEvent['credential']>['kind'];
  metadata?: Record<string, unknown>;
  clock?: Clock;
  /** Override the tenant (e.g. an admin acting on another tenant from the root tenant). */
  tenantId?: string;
}

const CREDENTIAL_KIND: Record<Actor['type'], NonNullable<AuditEvent['credential']>['kind']> = {
  user: 'access_token',
  agent: 'access_token',
  api_key: 'api_key',
  service: 'internal',
  system: 'internal',
};

/** Builds a schema-valid audit event from an actor. Changes and metadata are redacted. */
export function buildAuditEvent(input: BuildEventInput): AuditEvent {
  if (!isKnownAction(input.action)) {
    throw new Error(`Audit action "${input.action}" is not in the registry (@bulwark/core AUDIT_ACTIONS).`);
  }
  const clock = input.clock ?? systemClock;
  const { actor } = input;
  const onBehalfOf =
    input.onBehalfOf !== undefined
      ? input.onBehalfOf
      : actor.type === 'agent'
        ? (actor.onBehalfOf ?? null)
        : null;
  const event: AuditEvent = {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: uuidv7(clock.nowMs()),
    occurred_at: clock.now().toISOString(),
    tenant_id: input.tenantId ?? actor.tenantId,
    actor: { type: actor.type, id: actor.id },
    on_behalf_of: onBehalfOf,
    delegation_chain: actor.type === 'agent' ? actor.delegationChain.map((link) => ({ sub: link.sub })) : [],
    credential: {
      kind: input.credentialKind ?? CREDENTIAL_KIND[actor.type],
      id_hash: actor.credentialIdHash,
      scopes: [...actor.scopes],
    },
    action: input.action,
    target: input.target ?? null,
    outcome: input.outcome ?? { status: 'success', reason: null },
    source: { ip: input.source?.ip ?? null, user_agent: input.source?.user_agent ?? null },
    request_id: input.requestId ?? null,
    units: input.units ?? (input.action.startsWith('agent.action.') ? 1 : 0),
    changes: input.changes ? redact(input.changes) : null,
  };
  if (input.metadata) event.metadata = redact(input.metadata);
  return event;
}
