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

async function recordChange(
  ctx: Ctx,
  action: AuditAction,
  name: string,
  changes: { before: unknown; after: unknown },
  bookkeeping: (client: PoolClient) => Promise<void>,
): Promise<void> {
  await withTransaction(ctx.pool, async (client) => {
    await bookkeeping(client);
    await emitAuditEvent(
      client,
      buildAuditEvent({
        actor: ctx.actor,
        action,
        target: { type: 'flag', id: name },
        requestId: ctx.requestId,
        changes,
      }),
    );
  });
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
  await ctx.admin.createFeature(unleashName, input.description);
  const created = await ctx.admin.getFeature(unleashName);
  await writeStrategy(ctx, created, unleashName, input.rollout ?? 100, input.variants ?? []);
  if (input.enabled) await ctx.admin.setEnabled(unleashName, ctx.environment, true);
  const view = await getFlag(ctx, input.name);
  await recordChange(ctx, 'flags.flag.create', input.name, { before: null, after: view }, (client) =>
    upsertRegisteredFlag(client, {
      tenantId: ctx.actor.tenantId,
      name: input.name,
      unleashName,
      createdBy: `${ctx.actor.type}:${ctx.actor.id}`,
    }),
  );
  return view;
}

export async function toggleFlag(ctx: Ctx, name: string, enabled: boolean): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  // Re-assert the tenant constraint before anything can be switched on.
  const strategy = environmentOf(feature, ctx.environment)?.strategies?.[0];
  if (!strategy || !hasTenantConstraint(strategy, ctx.actor.tenantId)) {
    await writeStrategy(ctx, feature, unleashName, before.rollout || 100, before.variants);
  }
  await ctx.admin.setEnabled(unleashName, ctx.environment, enabled);
  const after = { ...before, enabled };
  await recordChange(ctx, 'flags.flag.toggle', name, { before, after }, (client) =>
    touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
  return after;
}

export async function setRollout(ctx: Ctx, name: string, rollout: number): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  await writeStrategy(ctx, feature, unleashName, rollout, before.variants);
  const after = { ...before, rollout };
  await recordChange(ctx, 'flags.flag.rollout', name, { before, after }, (client) =>
    touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
  return after;
}

export async function setVariants(ctx: Ctx, name: string, variants: VariantInput[]): Promise<FlagView> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  await writeStrategy(ctx, feature, unleashName, before.rollout, variants);
  const after = await getFlag(ctx, name);
  await recordChange(ctx, 'flags.flag.variants', name, { before, after }, (client) =>
    touchRegisteredFlag(client, ctx.actor.tenantId, name),
  );
  return after;
}

export async function archiveFlag(ctx: Ctx, name: string): Promise<void> {
  requireScope(ctx, SCOPE_ADMIN);
  const { feature, unleashName } = await loadOwnFeature(ctx, name);
  const before = flagView(feature, name, ctx.environment);
  await ctx.admin.archive(unleashName);
  await recordChange(ctx, 'flags.flag.archive', name, { before, after: null }, (client) =>
    archiveRegisteredFlag(client, ctx.actor.tenantId, name),
  );
}
