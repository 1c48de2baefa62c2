import {
  type AuditAction,
  buildAuditEvent,
  hasScope,
  InsufficientScopeError,
  NotFoundError,
} from '@bulwark/core';
import { withTransaction } from '@bulwark/db';
import { emitAuditEvent } from '@bulwark/queue';
import type { PoolClient } from 'pg';
import { abandonIntent, closeIntent, openIntent } from '../audit/change-intents.js';
import { archiveRegisteredFlag, touchRegisteredFlag, upsertRegisteredFlag } from '../db/flag-registry.js';
import type { UnleashFeature } from '../unleash/admin-api.js';
import type { Ctx } from './context.js';
import { localNameOf, unleashNameFor } from './flag-names.js';
import {
  environmentOf,
  type FlagView,
  flagView,
  hasTenantConstraint,
  tenantStrategy,
  type VariantInput,
} from './tenant-strategy.js';

export const SCOPE_READ = 'flags:read';
export const SCOPE_ADMIN = 'flags:admin';

/** `flags:admin` implies `flags:read`: whoever may change a flag may see it (as in licensing). */
const IMPLIED_BY: Record<string, string[]> = { [SCOPE_READ]: [SCOPE_ADMIN] };

function requireScope(ctx: Ctx, scope: string): void {
  const accepted = [scope, ...(IMPLIED_BY[scope] ?? [])];
  if (!accepted.some((candidate) => hasScope(ctx.actor.scopes, candidate))) {
    throw new InsufficientScopeError(scope, ctx.actor.scopes);
  }
}

/** Loads a flag of the caller's tenant; another tenant's flag is indistinguishable from none (404). */
async function loadOwnFeature(
  ctx: Ctx,
  name: string,
): Promise<{ feature: UnleashFeature; unleashName: string }> {
  const unleashName = unleashNameFor(ctx.actor.tenantId, name);
  const feature = await ctx.admin.getFeature(unleashName).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new NotFoundError('Flag', name);
    throw error;
  });
  if (feature.archived) throw new NotFoundError('Flag', name);
  return { feature, unleashName };
}

function changeEvent(
  ctx: Ctx,
  action: AuditAction,
  name: string,
  changes: { before: unknown; after: unknown },
) {
  return buildAuditEvent({
    actor: ctx.actor,
    action,
    target: { type: 'flag', id: name },
    requestId: ctx.requestId,
    changes,
  });
}

interface ChangeSpec {
  action: AuditAction;
  name: string;
  unleashName: string;
  before: FlagView | null;
}

/**
 * Applies an Unleash change with its audit event. The Unleash Admin API is HTTP and cannot join our
 * transaction, so the event is prepared and committed as an intent first (`audit/change-intents.ts`),
 * then Unleash is changed, then one transaction does our bookkeeping, emits the event (same id as
 * the intent, with `after` filled in) and deletes the intent. A crash or failed commit after the
 * Unleash change leaves the intent, which the event poller emits once it sees the change in
 * Unleash's event store; a failed Unleash call drops it. So no change goes unaudited.
 */
async function auditedChange<T>(
  ctx: Ctx,
  spec: ChangeSpec,
  apply: () => Promise<T>,
  afterOf: (result: T) => FlagView | null,
  bookkeeping: (client: PoolClient) => Promise<void>,
): Promise<T> {
  const prepared = changeEvent(ctx, spec.action, spec.name, { before: spec.before, after: null });
  const intentId = await openIntent(ctx.pool, spec.unleashName, prepared);
  let result: T;
  try {
    result = await apply();
  } catch (error) {
    await abandonIntent(ctx.pool, intentId).catch(() => undefined);
    throw error;
  }
  await withTransaction(ctx.pool, async (client) => {
    await bookkeeping(client);
    // Emitted even when the poller got to the intent first (this request outlived the grace): the
    // event keeps the intent's id, so the audit store keeps exactly one of the two.
    await closeIntent(client, intentId);
    const event = changeEvent(ctx, spec.action, spec.name, { before: spec.before, after: afterOf(result) });
    await emitAuditEvent(client, { ...event, id: prepared.id });
  });
  return result;
}

/**
 * Rewrites the flag's strategies in our environment to the single tenant-constrained one. Strategies
 * added in the Unleash UI without the constraint are replaced: the tenant boundary wins.
 */
async function writeStrategy(
  ctx: Ctx,
  feature: UnleashFeature,
  unleashName: string,
  rollout: number,
  variants: VariantInput[],
): Promise<void> {
  const strategy = tenantStrategy({ tenantId: ctx.actor.tenantId, unleashName, rollout, variants });
  const strategies = environmentOf(feature, ctx.environment)?.strategies ?? [];
  const [first, ...rest] = strategies;
  if (first?.id) await ctx.admin.updateStrategy(unleashName, ctx.environment, first.id, strategy);
  else await ctx.admin.addStrategy(unleashName, ctx.environment, strategy);
  for (const extra of rest) {
    if (extra.id && !hasTenantConstraint(extra, ctx.actor.tenantId)) {
      await ctx.admin.deleteStrategy(unleashName, ctx.environment, extra.id);
    }
  }
}

export async function listFlags(ctx: Ctx): Promise<{ data: FlagView[] }> {
  requireScope(ctx, SCOPE_READ);
  const all = await ctx.admin.listFeatures();
  const own = all.filter(
    (feature) => !feature.archived && localNameOf(ctx.actor.tenantId, feature.name) !== undefined,
  );
  // The list endpoint omits strategies; the details (rollout, variants) need one read per flag.
  const data = await Promise.all(
    own.map(async (summary) => {
      const local = localNameOf(ctx.actor.tenantId, summary.name) ?? summary.name;
      return flagView(await ctx.admin.getFeature(summary.name), local, ctx.environment);
    }),
  );
  data.sort((a, b) => a.name.localeCompare(b.name));
  return { data };
}

export async function getFlag(ctx: Ctx, name: string): Promise<FlagView> {
  requireScope(ctx, SCOPE_READ);
  const { feature } = await loadOwnFeature(ctx, name);
  return flagView(feature, name, ctx.environment);
}

export interface CreateFlagInput {
  name: string;
  description?: string;
  enabled?: boolean;
  rollout?: number;
  variants?: VariantInput[];
}

export async function createFlag(ctx: Ctx, input: CreateFlagInput): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const unleashName = unleashNameFor(ctx.actor.tenantId, input.name);
  const spec = { action: 'flags.flag.create', name: input.name, unleashName, before: null } as const;
  return auditedChange(
    ctx,
    spec,
    async () => {
      await ctx.admin.createFeature(unleashName, input.description);
      const created = await ctx.admin.getFeature(unleashName);
      await writeStrategy(ctx, created, unleashName, input.rollout ?? 100, input.variants ?? []);
      if (input.enabled) await ctx.admin.setEnabled(unleashName, ctx.environment, true);
      return getFlag(ctx, input.name);
    },
    (view) => view,
    (client) =>
      upsertRegisteredFlag(client, {
        tenantId: ctx.actor.tenantId,
        name: input.name,
        unleashName,
        createdBy: `${ctx.actor.type}:${ctx.actor.id}`,
      }),
  );
}

export async function toggleFlag(ctx: Ctx, name: string, enabled: boolean): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  return auditedChange(
    ctx,
    { action: 'flags.flag.toggle', name, unleashName, before },
    async () => {
      // Re-assert the tenant constraint before anything can be switched on.
      const strategy = environmentOf(feature, ctx.environment)?.strategies?.[0];
      if (!strategy || !hasTenantConstraint(strategy, ctx.actor.tenantId)) {
        await writeStrategy(ctx, feature, unleashName, before.rollout || 100, before.variants);
      }
      await ctx.admin.setEnabled(unleashName, ctx.environment, enabled);
      return { ...before, enabled };
    },
    (after) => after,
    (client) => touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
}

export async function setRollout(ctx: Ctx, name: string, rollout: number): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  return auditedChange(
    ctx,
    { action: 'flags.flag.rollout', name, unleashName, before },
    async () => {
      await writeStrategy(ctx, feature, unleashName, rollout, before.variants);
      return { ...before, rollout };
    },
    (after) => after,
    (client) => touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
}

export async function setVariants(ctx: Ctx, name: string, variants: VariantInput[]): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  return auditedChange(
    ctx,
    { action: 'flags.flag.variants', name, unleashName, before },
    async () => {
      await writeStrategy(ctx, feature, unleashName, before.rollout, variants);
      return getFlag(ctx, name);
    },
    (after) => after,
    (client) => touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
}

export async function archiveFlag(ctx: Ctx, name: string): Promise<void> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  await auditedChange(
    ctx,
    { action: 'flags.flag.archive', name, unleashName, before },
    () => ctx.admin.archive(unleashName),
    () => null,
    (client) => archiveRegisteredFlag(client, ctx.actor.tenantId, name),
  );
}
