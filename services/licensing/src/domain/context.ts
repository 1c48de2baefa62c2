import {
  type Actor,
  type AuditAction,
  type Clock,
  InsufficientScopeError,
  UnauthenticatedError,
  buildAuditEvent,
  hasScope,
} from '@bulwark/core';
import { emitAuditEvent } from '@bulwark/queue';
import type { ClientBase, Pool } from 'pg';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import type { VerifiedKeyCache } from './verified-key-cache.js';

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Long-lived things every verb needs. */
export interface LicensingDeps {
  pool: Pool;
  clock: Clock;
  keys: SigningKeyStore;
  kek: Buffer;
  /** Keys whose signature already checked out, so the hot path verifies each key once. */
  verifiedKeys: VerifiedKeyCache;
}

/** One request's context. `actor` is undefined on public (license-key authenticated) calls. */
export interface Ctx extends LicensingDeps {
  actor: Actor | undefined;
  requestId: string;
  log: Log;
}

export type AdminCtx = Ctx & { actor: Actor };

export const SCOPE_ADMIN = 'licensing:admin';
export const SCOPE_READ = 'licensing:read';

/**
 * Administering implies reading: a console holding only `licensing:admin` can read everything it
 * can change. Routes declare the same rule (`config.impliedByScopes`), so route and verb agree.
 */
export const IMPLIED_BY: Readonly<Record<string, readonly string[]>> = { [SCOPE_READ]: [SCOPE_ADMIN] };

/** First line of every admin verb: who may do this. Returns the ctx narrowed to a present actor. */
export function requireScope(ctx: Ctx, scope: string): AdminCtx {
  if (!ctx.actor) throw new UnauthenticatedError();
  const granted = ctx.actor.scopes;
  const broader = IMPLIED_BY[scope] ?? [];
  if (!hasScope(granted, scope) && !broader.some((candidate) => hasScope(granted, candidate))) {
    throw new InsufficientScopeError(scope, granted);
  }
  return ctx as AdminCtx;
}

export interface AuditInput {
  action: AuditAction;
  target: { type: string; id: string };
  tenantId: string;
  changes?: { before: unknown; after: unknown };
  outcome?: { status: 'success' | 'failure' | 'denied'; reason: string | null };
}

/**
 * Writes the audit event into the outbox on the caller's transaction. Public calls (license key
 * holders) are recorded as the `system` actor `license:<id>`, since no token identified them.
 */
export async function audit(client: ClientBase, ctx: Ctx, input: AuditInput): Promise<void> {
  const actor: Actor = ctx.actor ?? {
    type: 'system',
    id: `license:${input.target.type === 'license' ? input.target.id : 'key'}`,
    tenantId: input.tenantId,
    scopes: [],
    credentialIdHash: 'license_key',
  };
  const event = buildAuditEvent({
    actor,
    action: input.action,
    target: input.target,
    tenantId: input.tenantId,
    requestId: ctx.requestId,
    clock: ctx.clock,
    ...(input.changes ? { changes: input.changes } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
  });
  await emitAuditEvent(client, event);
}
