import type { Actor } from '@bulwark/core';
import type { ContextEnricher } from '../enrichment/context-enricher.js';
import {
  buildEvaluationContext,
  type CallerContext,
  identityOf,
  tokenContextOf,
} from '../engine/evaluation-context.js';
import type { FlagEngine, FlagResult } from '../engine/flag-engine.js';
import { unleashNameFor } from './flag-names.js';

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

function callerAddsContext(caller: CallerContext | undefined): caller is CallerContext {
  return (
    caller !== undefined &&
    (caller.sessionId !== undefined ||
      caller.remoteAddress !== undefined ||
      (caller.properties !== undefined && Object.keys(caller.properties).length > 0))
  );
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
  // The common call sends no context: the token-derived one is reused (see tokenContextOf).
  const { context, ignored } = callerAddsContext(input.context)
    ? buildEvaluationContext(actor, enrichment, input.context)
    : tokenContextOf(actor, enrichment).built;
  const flags: Record<string, FlagResult> = {};
  if (input.flags) {
    for (const name of input.flags) {
      flags[name] = deps.engine.evaluate(unleashNameFor(actor.tenantId, name), context);
    }
  } else {
    for (const flag of deps.engine.tenantFlags(actor.tenantId)) {
      flags[flag.localName] = deps.engine.evaluate(flag.unleashName, context);
    }
  }
  return {
    context: {
      user_id: userId,
      // Serialized as is; never mutated (it may be the shared, frozen properties object).
      properties: context.properties as Record<string, string>,
      ...(context.sessionId !== undefined && { session_id: context.sessionId }),
    },
    ignored_context: ignored,
    flags,
  };
}
