import { type Actor, hasScope, InsufficientScopeError, UnauthenticatedError } from '@bulwark/core';
import type { FastifyRequest } from 'fastify';

/**
 * Throws unless `actor` holds `scope` (wildcards per core's `scopeCovers`). For the first line of a
 * domain verb; routes get the same check from `config: { scope }`.
 */
export function requireScope(actor: Actor | undefined, scope: string): asserts actor is Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!hasScope(actor.scopes, scope)) throw new InsufficientScopeError(scope, actor.scopes);
}

/** The authenticated actor of a protected route (throws 401 if called on a public route without one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}
