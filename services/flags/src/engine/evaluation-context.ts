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
