import { type Actor, ForbiddenError, hasScope, InsufficientScopeError, NotFoundError } from '@bulwark/core';
import type { AuthDeps } from '../context.js';
import type { AuditInput } from '../infra/audit.js';

/** What every admin verb receives (OpenStatus-style `verb({ ctx, input })`). */
export interface VerbCtx extends AuthDeps {
  actor: Actor;
  requestId: string | null;
  source: { ip: string | null; user_agent: string | null };
}

/** First line of every write: the actor must hold the scope. */
export function requireScope(ctx: VerbCtx, scope: string): void {
  if (!hasScope(ctx.actor.scopes, scope)) throw new InsufficientScopeError(scope, ctx.actor.scopes);
}

/**
 * The tenant a call acts on. Only root-tenant credentials with `tenants:admin` may name another
 * tenant; for anyone else a foreign tenant id is "not found" (DESIGN §6).
 */
export function targetTenant(
  ctx: VerbCtx,
  tenantId: string | undefined,
  rootTenantId: string | undefined,
): string {
  if (tenantId === undefined || tenantId === ctx.actor.tenantId) return ctx.actor.tenantId;
  if (ctx.actor.tenantId === rootTenantId && hasScope(ctx.actor.scopes, 'tenants:admin')) return tenantId;
  throw new NotFoundError('Tenant', tenantId);
}

export function auditBase(ctx: VerbCtx): Pick<AuditInput, 'actor' | 'requestId' | 'source' | 'clock'> {
  return { actor: ctx.actor, requestId: ctx.requestId, source: ctx.source, clock: ctx.clock };
}

export function forbidIf(condition: boolean, message: string): void {
  if (condition) throw new ForbiddenError(message);
}
