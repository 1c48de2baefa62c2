import type { Actor } from '@bulwark/core';
import type { ContextEnricher } from '../enrichment/context-enricher.js';
import { buildEvaluationContext, type CallerContext, identityOf } from '../engine/evaluation-context.js';
import type { FlagEngine, FlagResult } from '../engine/flag-engine.js';
import { localNameOf, unleashNameFor } from './flag-names.js';

export interface EvaluateInput {
  /** Tenant-local flag names; all of the tenant's flags when omitted. */
  flags?: string[];
  context?: CallerContext;
}

export interface EvaluateOutput {
  context: { user_id: string; properties: Record<string, string>; session_id?: string };
  ignored_context: string[];
  flags: Record<string, FlagResult>;
}

/**
 * Evaluates the caller's flags locally with unleash-client. Who the evaluation is for comes only
 * from the verified token; licensing/billing lookups are best-effort (see README).
 */
export async function evaluateFlags(
  deps: { engine: FlagEngine; enricher: ContextEnricher },
  actor: Actor,
  authorization: string,
  input: EvaluateInput,
): Promise<EvaluateOutput> {
  const { userId } = identityOf(actor);
  const enrichment = await deps.enricher.enrich({ tenantId: actor.tenantId, userId, authorization });
  const { context, ignored } = buildEvaluationContext(actor, enrichment, input.context);
  const names =
    input.flags ??
    deps.engine
      .flagNames(`${actor.tenantId}.`)
      .map((name) => localNameOf(actor.tenantId, name))
      .filter((name): name is string => name !== undefined);
  const flags: Record<string, FlagResult> = {};
  for (const name of names) flags[name] = deps.engine.evaluate(unleashNameFor(actor.tenantId, name), context);
  return {
    context: {
      user_id: userId,
      properties: { ...(context.properties as Record<string, string>) },
      ...(context.sessionId !== undefined && { session_id: context.sessionId }),
    },
    ignored_context: ignored,
    flags,
  };
}
