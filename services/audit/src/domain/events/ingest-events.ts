import {
  type Actor,
  AUDIT_EVENT_SCHEMA_VERSION,
  type AuditEvent,
  type Clock,
  ConflictError,
  DomainError,
  type FieldError,
  isAgentAction,
  redact,
  uuidv7,
  ValidationError,
} from '@bulwark/core';
import { hasPgErrorCode, PG_ERROR, withTransaction } from '@bulwark/db';
import { emitAuditEvents, jobPayloadErrors } from '@bulwark/queue';
import type { Pool } from 'pg';

/** What a resource server may say about an agent action. Who acted is not on this list for tokens. */
export interface IngestInput {
  id?: string | undefined;
  occurred_at?: string | undefined;
  action: string;
  actor?: AuditEvent['actor'] | undefined;
  on_behalf_of?: AuditEvent['on_behalf_of'] | undefined;
  delegation_chain?: AuditEvent['delegation_chain'] | undefined;
  target?: AuditEvent['target'] | undefined;
  outcome?: AuditEvent['outcome'] | undefined;
  request_id?: string | null | undefined;
  units?: number | undefined;
  changes?: AuditEvent['changes'] | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface IngestContext {
  pool: Pool;
  actor: Actor;
  requestId: string;
  source: AuditEvent['source'];
  clock: Clock;
}

/** Late reports are fine (a resource server flushing a buffer); reports from the future are not. */
const MAX_FUTURE_MS = 5 * 60_000;
/**
 * jsonb refuses NUL in strings and keys; catching it here turns a would-be poison job into a 400.
 * JSON.stringify writes a NUL as `\u0000` and a literal backslash as `\\`, so a NUL is a `\u0000`
 * preceded by an even number of backslashes (a literal "\u0000" text is preceded by an odd one).
 */
const NUL_IN_JSON = /(?:^|[^\\])(?:\\\\)*\\u0000/;
function containsNul(value: unknown): boolean {
  return NUL_IN_JSON.test(JSON.stringify(value));
}

/**
 * Builds the stored form of one reported event. With an access token the actor, on_behalf_of and
 * delegation chain come from the verified token and anything the body says about them is refused;
 * with an API key (a resource server's backend, which verified the agent's token itself) the body
 * names the actor, and the credential records the key that reported it.
 */
export function eventFromInput(ctx: IngestContext, input: IngestInput, index: number): AuditEvent {
  const at = (field: string) => `/events/${index}/${field}`;
  const fields: FieldError[] = [];
  if (!isAgentAction(input.action)) {
    fields.push({ field: at('action'), message: 'Only agent.action.* may be reported through ingest.' });
  }
  const { actor } = ctx;
  let who: Pick<AuditEvent, 'actor' | 'on_behalf_of' | 'delegation_chain'>;
  if (actor.type === 'agent' || actor.type === 'user') {
    for (const field of ['actor', 'on_behalf_of', 'delegation_chain'] as const) {
      if (input[field] !== undefined) {
        fields.push({ field: at(field), message: 'Taken from the access token; the caller cannot set it.' });
      }
    }
    who =
      actor.type === 'agent'
        ? {
            actor: { type: 'agent', id: actor.id },
            on_behalf_of: actor.onBehalfOf ?? null,
            delegation_chain: actor.delegationChain.map((link) => ({ sub: link.sub })),
          }
        : { actor: { type: 'user', id: actor.id }, on_behalf_of: null, delegation_chain: [] };
  } else {
    if (!input.actor)
      fields.push({ field: at('actor'), message: 'Required when reporting with an API key.' });
    who = {
      actor: input.actor ?? { type: actor.type, id: actor.id },
      on_behalf_of: input.on_behalf_of ?? null,
      delegation_chain: input.delegation_chain ?? [],
    };
  }
  const now = ctx.clock.nowMs();
  const occurredAt = input.occurred_at ?? new Date(now).toISOString();
  if (Number.isNaN(Date.parse(occurredAt)) || Date.parse(occurredAt) > now + MAX_FUTURE_MS) {
    fields.push({
      field: at('occurred_at'),
      message: 'Must be a date-time no later than 5 minutes from now.',
    });
  }
  const event: AuditEvent = {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: input.id ?? uuidv7(now),
    occurred_at: new Date(Date.parse(occurredAt) || now).toISOString(),
    tenant_id: actor.tenantId,
    ...who,
    credential: {
      kind: actor.type === 'api_key' ? 'api_key' : 'access_token',
      id_hash: actor.credentialIdHash,
      scopes: [...actor.scopes],
    },
    action: input.action,
    target: input.target ?? null,
    outcome: input.outcome ?? { status: 'success', reason: null },
    source: ctx.source,
    request_id: input.request_id ?? ctx.requestId,
    units: input.units ?? 1,
    changes: input.changes ? redact(input.changes) : null,
  };
  const metadata = {
    ...(input.metadata ? redact(input.metadata) : {}),
    ...(actor.type === 'api_key' && { reported_by: { type: 'api_key', id: actor.id } }),
  };
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  // The compiled check first; field errors are only worked out for an invalid event.
  for (const error of jobPayloadErrors('audit', event))
    fields.push({ field: `/events/${index}${error.field}`, message: error.message });
  if (containsNul(event))
    fields.push({ field: `/events/${index}`, message: 'NUL characters are not allowed.' });
  if (fields.length > 0) throw new ValidationError('The event is invalid.', fields);
  return event;
}

export interface IngestResult {
  ids: string[];
  /** Ids already accepted earlier (idempotent replays). */
  replayed: string[];
}

/**
 * Accepts reported events: validates all, then commits them to this service's outbox in one
 * transaction. The caller gets 202 only after COMMIT, so an acknowledged event survives any crash;
 * the outbox relay and the worker take it from there. A client-supplied id makes a retry a no-op.
 */
export async function ingestEvents(
  ctx: IngestContext,
  inputs: readonly IngestInput[],
): Promise<IngestResult> {
  const events = inputs.map((input, index) => eventFromInput(ctx, input, index));
  const seen = new Set<string>();
  for (const [index, event] of events.entries()) {
    if (seen.has(event.id)) {
      throw new ValidationError('Event ids must be unique within a request.', [
        { field: `/events/${index}/id`, message: `Repeats ${event.id}.` },
      ]);
    }
    seen.add(event.id);
  }
  const ids = events.map((event) => event.id);
  // Only ids the client chose can be known already; the ones generated here are fresh UUIDv7s.
  const chosen = inputs.filter((input) => input.id !== undefined).map((input) => input.id as string);
  try {
    if (chosen.length === 0) {
      // One statement (INSERT + NOTIFY) is atomic on its own: no BEGIN/COMMIT round trips. The
      // 202 still follows its COMMIT.
      const client = await ctx.pool.connect();
      try {
        await emitAuditEvents(client, events);
      } finally {
        client.release();
      }
      return { ids, replayed: [] };
    }
    return await withTransaction(
      ctx.pool,
      async (client) => {
        const known = await client.query<{ id: string; tenant_id: string }>(
          `SELECT id, payload ->> 'tenant_id' AS tenant_id FROM outbox WHERE id = ANY($1::uuid[])
           UNION ALL SELECT id, tenant_id FROM audit_event_ids WHERE id = ANY($1::uuid[])`,
          [chosen],
        );
        const foreign = known.rows.find((row) => row.tenant_id !== ctx.actor.tenantId);
        if (foreign) throw new ConflictError(`Event id ${foreign.id} is already taken; use a fresh UUIDv7.`);
        const replayed = new Set(known.rows.map((row) => row.id));
        await emitAuditEvents(
          client,
          events.filter((event) => !replayed.has(event.id)),
        );
        return { ids, replayed: [...replayed] };
      },
      { retries: 2 },
    );
  } catch (error) {
    // Two concurrent requests carrying the same new id: one commits, the other answers 409 and its
    // retry is then an idempotent replay.
    if (hasPgErrorCode(error, PG_ERROR.uniqueViolation)) {
      throw new DomainError('conflict', 'A concurrent request is storing the same event id; retry.');
    }
    throw error;
  }
}
