import { type Actor, hasScope, InsufficientScopeError } from '@bulwark/core';

/** First line of every write verb: the route checks the scope too, but a verb must not rely on it. */
export function assertScope(actor: Actor, scope: string): void {
  if (!hasScope(actor.scopes, scope)) throw new InsufficientScopeError(scope, actor.scopes);
}
