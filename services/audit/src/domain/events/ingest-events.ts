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
import { hasPgErrorCode, PG_ERROR } from '@bulwark/db';
import { jobPayloadErrors } from '@bulwark/queue';
import type { Pool } from 'pg';
import { insertUnlessKnown } from '../../db/ingest-outbox-sql.js';

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
  outbox: IngestOutbox;
}

/** Where accepted events go: this service's outbox. */
export interface IngestOutbox {
  /**
   * Commits events whose ids were generated here (no idempotency lookup needed); may share one
   * statement and COMMIT with other requests' events. Resolves only after that COMMIT.
   */
  commitFresh(eventsJson: string, ids: readonly string[]): Promise<void>;
  /** Wakes the outbox relay after a commit made without `commitFresh` (best effort, never awaited). */
  wakeRelay(): void;
}

/** Late reports are fine (a resource server flushing a buffer); reports from the future are not. */
const MAX_FUTURE_MS = 5 * 60_000;
/**
 * jsonb refuses NUL in strings and keys; catching it here turns a would-be poison job into a 400.
 * JSON.stringify writes a NUL as `\u0000` and a literal backslash as `\\`, so a NUL is a `\u0000`
 * preceded by an even number of backslashes (a literal "\u0000" text is preceded by an odd one).
 */
const NUL_IN_JSON = /(?:^|[^\\])(?:\\\\)*\\u0000/;

type Who = Pick<AuditEvent, 'actor' | 'on_behalf_of' | 'delegation_chain'>;

/**
 * What is the same for every event of one request, worked out once: who acted when a token says so,
 * the credential, the reporter, the clock reading. The events share these objects; they are only
 * serialised, never mutated.
 */
interface Reporter {
  ctx: IngestContext;
  /** From the access token; undefined for an API key (the body names the actor). */
  tokenWho: Who | undefined;
  credential: AuditEvent['credential'];
  reportedBy: { type: 'api_key'; id: string } | undefined;
  now: number;
}

function reporterOf(ctx: IngestContext): Reporter {
  const { actor } = ctx;
  let tokenWho: Who | undefined;
  if (actor.type === 'agent') {
    tokenWho = {
      actor: { type: 'agent', id: actor.id },
      on_behalf_of: actor.onBehalfOf ?? null,
      delegation_chain: actor.delegationChain.map((link) => ({ sub: link.sub })),
    };
  } else if (actor.type === 'user') {
    tokenWho = { actor: { type: 'user', id: actor.id }, on_behalf_of: null, delegation_chain: [] };
  }
  return {
    ctx,
    tokenWho,
    credential: {
      kind: actor.type === 'api_key' ? 'api_key' : 'access_token',
      id_hash: actor.credentialIdHash,
      scopes: [...actor.scopes],
    },
    reportedBy: actor.type === 'api_key' ? { type: 'api_key', id: actor.id } : undefined,
    now: ctx.clock.nowMs(),
  };
}

/**
 * Builds the stored form of one reported event. With an access token the actor, on_behalf_of and
 * delegation chain come from the verified token and anything the body says about them is refused;
 * with an API key (a resource server's backend, which verified the agent's token itself) the body
 * names the actor, and the credential records the key that reported it.
 */
function eventFromInput(reporter: Reporter, input: IngestInput, index: number): AuditEvent {
  const { ctx, now } = reporter;
  // A prefix, not a closure: this runs per event, and tsx wraps every closure it creates.
  const at = `/events/${index}/`;
  const fields: FieldError[] = [];
  if (!isAgentAction(input.action)) {
    fields.push({ field: `${at}action`, message: 'Only agent.action.* may be reported through ingest.' });
  }
  let who: Who;
  if (reporter.tokenWho) {
    for (const field of ['actor', 'on_behalf_of', 'delegation_chain'] as const) {
      if (input[field] !== undefined) {
        fields.push({
          field: `${at}${field}`,
          message: 'Taken from the access token; the caller cannot set it.',
        });
      }
    }
    who = reporter.tokenWho;
  } else {
    if (!input.actor)
      fields.push({ field: `${at}actor`, message: 'Required when reporting with an API key.' });
    who = {
      actor: input.actor ?? { type: ctx.actor.type, id: ctx.actor.id },
      on_behalf_of: input.on_behalf_of ?? null,
      delegation_chain: input.delegation_chain ?? [],
    };
  }
  const occurredMs = input.occurred_at === undefined ? now : Date.parse(input.occurred_at);
  if (Number.isNaN(occurredMs) || occurredMs > now + MAX_FUTURE_MS) {
    fields.push({
      field: `${at}occurred_at`,
      message: 'Must be a date-time no later than 5 minutes from now.',
    });
  }
  const event: AuditEvent = {
    schema_version: AUDIT_EVENT_SCHEMA_VERSION,
    id: input.id ?? uuidv7(now),
    occurred_at: new Date(occurredMs || now).toISOString(),
    tenant_id: ctx.actor.tenantId,
    ...who,
    credential: reporter.credential,
    action: input.action,
    target: input.target ?? null,
    outcome: input.outcome ?? { status: 'success', reason: null },
    source: ctx.source,
    request_id: input.request_id ?? ctx.requestId,
    units: input.units ?? 1,
    changes: input.changes ? redact(input.changes) : null,
  };
  if (input.metadata || reporter.reportedBy) {
    const metadata = {
      ...(input.metadata ? redact(input.metadata) : {}),
      ...(reporter.reportedBy && { reported_by: reporter.reportedBy }),
    };
    if (Object.keys(metadata).length > 0) event.metadata = metadata;
  }
  // The compiled check first; field errors are only worked out for an invalid event.
  for (const error of jobPayloadErrors('audit', event))
    fields.push({ field: `/events/${index}${error.field}`, message: error.message });
  if (fields.length > 0) throw new ValidationError('The event is invalid.', fields);
  return event;
}

/** The request's events as the JSON array the outbox insert takes, refusing NUL characters. */
function outboxJsonOf(events: readonly AuditEvent[]): string {
  const json = JSON.stringify(events);
  // One plain substring search over the whole request (no JSON text without `\u0000` can hold a
  // NUL); the regex, and which events hold one, only run when it hits.
  if (!json.includes('\\u0000') || !NUL_IN_JSON.test(json)) return json;
  const fields = events.flatMap((event, index) =>
    NUL_IN_JSON.test(JSON.stringify(event))
      ? [{ field: `/events/${index}`, message: 'NUL characters are not allowed.' }]
      : [],
  );
  throw new ValidationError('The event is invalid.', fields);
}

/** Builds and checks every event of a request; throws a 400 naming the fields of the first bad one. */
export function eventsFromInputs(ctx: IngestContext, inputs: readonly IngestInput[]): AuditEvent[] {
  const reporter = reporterOf(ctx);
  const events = inputs.map((input, index) => eventFromInput(reporter, input, index));
  const seen = new Set<string>();
  for (const [index, event] of events.entries()) {
    if (seen.has(event.id)) {
      throw new ValidationError('Event ids must be unique within a request.', [
        { field: `/events/${index}/id`, message: `Repeats ${event.id}.` },
      ]);
    }
    seen.add(event.id);
  }
  return events;
}

export interface IngestResult {
  ids: string[];
  /** Ids already accepted earlier (idempotent replays). */
  replayed: string[];
}

/**
 * Accepts reported events: validates all, then commits them to this service's outbox in ONE
 * autocommit statement (one round trip, with or without client ids; without, the statement may be
 * shared with concurrent requests: a group commit). The caller gets 202 only after that COMMIT, so an
 * acknowledged event survives any crash; the outbox relay (woken after the commit) and the worker
 * take it from there. A client-supplied id makes a retry a no-op.
 */
export async function ingestEvents(
  ctx: IngestContext,
  inputs: readonly IngestInput[],
): Promise<IngestResult> {
  const events = eventsFromInputs(ctx, inputs);
  const json = outboxJsonOf(events);
  const ids = events.map((event) => event.id);
  // Only ids the client chose can be known already; the ones generated here are fresh UUIDv7s.
  const chosen = inputs.filter((input) => input.id !== undefined).map((input) => input.id as string);
  try {
    if (chosen.length === 0) {
      await ctx.outbox.commitFresh(json, ids);
      return { ids, replayed: [] };
    }
    const known = await insertUnlessKnown(ctx.pool, json, chosen, ctx.actor.tenantId);
    const foreign = known.find((row) => row.tenant_id !== ctx.actor.tenantId);
    if (foreign) throw new ConflictError(`Event id ${foreign.id} is already taken; use a fresh UUIDv7.`);
    const replayed = new Set(known.map((row) => row.id));
    if (replayed.size < events.length) ctx.outbox.wakeRelay();
    return { ids, replayed: [...replayed] };
  } catch (error) {
    // Two concurrent requests carrying the same new id: one commits, the other answers 409 and its
    // retry is then an idempotent replay.
    if (hasPgErrorCode(error, PG_ERROR.uniqueViolation)) {
      throw new DomainError('conflict', 'A concurrent request is storing the same event id; retry.');
    }
    throw error;
  }
}
