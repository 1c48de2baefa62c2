import { ForbiddenError } from '@bulwark/core';
import type { Context } from 'unleash-client';

/** Anything that evaluates a flag locally: our FlagEngine, or a bare unleash-client `Unleash`. */
export interface FlagEvaluator {
  isEnabled(name: string, context: Context, fallback?: boolean): boolean;
}

export interface KillSwitchOptions {
  evaluator: FlagEvaluator;
  /** Maps a tenant + capability to the flag name (default `<tenantId>.<capability>`, see README). */
  flagName?: (tenantId: string, capability: string) => string;
  /**
   * What an undefined switch means. Default true: a capability nobody has put a switch on yet
   * stays usable; once a switch exists, turning it off stops the capability.
   */
  allowWhenMissing?: boolean;
}

export interface KillSwitchSubject {
  tenantId: string;
  userId?: string;
  agentId?: string;
}

export interface KillSwitchChecker {
  isAllowed(capability: string, subject: KillSwitchSubject): boolean;
  /** Throws a 403 ForbiddenError naming the capability when it is switched off. */
  assertAllowed(capability: string, subject: KillSwitchSubject): void;
}

export function tenantFlagName(tenantId: string, capability: string): string {
  return `${tenantId}.${capability}`;
}

/**
 * Kill switches for agent capabilities (`agent.email.send`): the capability is allowed while its
 * flag is on for this subject. Evaluation is local, so a switch turned off stops the capability
 * within one SDK refresh interval, without a network call per check.
 */
export function createKillSwitchChecker(options: KillSwitchOptions): KillSwitchChecker {
  const nameOf = options.flagName ?? tenantFlagName;
  const allowWhenMissing = options.allowWhenMissing ?? true;
  const isAllowed = (capability: string, subject: KillSwitchSubject): boolean => {
    const context: Context = {
      ...(subject.userId !== undefined && { userId: subject.userId }),
      properties: {
        tenantId: subject.tenantId,
        ...(subject.agentId !== undefined && { agentId: subject.agentId }),
      },
    };
    // The fallback answers only when the flag is unknown to the client.
    return options.evaluator.isEnabled(nameOf(subject.tenantId, capability), context, allowWhenMissing);
  };
  return {
    isAllowed,
    assertAllowed(capability, subject) {
      if (!isAllowed(capability, subject)) {
        throw new ForbiddenError(
          `The capability "${capability}" is switched off for this tenant (kill switch).`,
        );
      }
    },
  };
}
