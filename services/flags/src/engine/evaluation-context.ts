import type { Actor } from '@bulwark/core';
import type { Context } from 'unleash-client';
import type { Enrichment } from '../enrichment/context-enricher.js';

/** Context fields that come from the verified token or from our lookups; callers cannot set them. */
export const TOKEN_DERIVED_FIELDS = [
  'userId',
  'tenantId',
  'agentId',
  'scopes',
  'actorType',
  'entitlements',
  'plan',
  'environment',
  'appName',
  'currentTime',
] as const;

const RESERVED = new Set<string>(TOKEN_DERIVED_FIELDS);

export interface CallerContext {
  sessionId?: string;
  remoteAddress?: string;
  properties?: Record<string, string>;
}

export interface BuiltContext {
  context: Context;
  /** Caller-supplied fields dropped because the token (or Bulwark) owns them. */
  ignored: string[];
}

/** `userId` = sub; `agentId` = act.sub or client_id (docs/contracts.md), from the verified actor. */
export function identityOf(actor: Actor): { userId: string; agentId: string | undefined } {
  switch (actor.type) {
    case 'agent':
      // Delegated: sub is the user; client_credentials: sub is the agent itself.
      return { userId: actor.onBehalfOf?.id ?? actor.id, agentId: actor.id };
    case 'user':
      return { userId: actor.id, agentId: actor.clientId };
    default:
      return { userId: actor.id, agentId: undefined };
  }
}

interface SharedTokenContext {
  enrichment: Enrichment;
  built: BuiltContext;
}

/**
 * Contexts of callers that add nothing of their own, by actor object. service-kit's verified-token
 * cache hands every request with the same token the same (frozen) actor, and the enricher hands out
 * the same Enrichment object while it is cached, so this context is built once per token and
 * enrichment window rather than per request. Weak keys: an entry goes when its actor is dropped.
 */
const sharedContexts = new WeakMap<Actor, SharedTokenContext>();
const NOTHING_IGNORED: string[] = Object.freeze([]) as unknown as string[];

/**
 * `buildEvaluationContext(actor, enrichment)` for a caller that sends no context of its own, reused
 * while the actor and enrichment objects are the same ones. The result is frozen: it is shared by
 * concurrent requests (unleash-client copies the context, it never writes to it).
 */
export function tokenContextOf(actor: Actor, enrichment: Enrichment): { built: BuiltContext } {
  const shared = sharedContexts.get(actor);
  if (shared && shared.enrichment === enrichment) return shared;
  const { context } = buildEvaluationContext(actor, enrichment);
  Object.freeze(context.properties);
  const fresh: SharedTokenContext = {
    enrichment,
    built: Object.freeze({ context: Object.freeze(context), ignored: NOTHING_IGNORED }),
  };
  sharedContexts.set(actor, fresh);
  return fresh;
}

/**
 * The Unleash context for an evaluation. Token-derived fields are written last and caller fields
 * with those names are dropped, so no request body can change who the evaluation is for.
 */
export function buildEvaluationContext(
  actor: Actor,
  enrichment: Enrichment,
  caller: CallerContext = {},
): BuiltContext {
  const ignored: string[] = [];
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(caller.properties ?? {})) {
    if (RESERVED.has(key)) ignored.push(`properties.${key}`);
    else properties[key] = value;
  }
  const { userId, agentId } = identityOf(actor);
  properties.tenantId = actor.tenantId;
  properties.actorType = actor.type;
  properties.scopes = actor.scopes.join(' ');
  properties.entitlements = enrichment.entitlements.join(',');
  if (agentId !== undefined) properties.agentId = agentId;
  if (enrichment.plan !== undefined) properties.plan = enrichment.plan;
  const context: Context = {
    userId,
    properties,
    ...(caller.sessionId !== undefined && { sessionId: caller.sessionId }),
    ...(caller.remoteAddress !== undefined && { remoteAddress: caller.remoteAddress }),
  };
  return { context, ignored };
}
