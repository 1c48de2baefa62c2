import type {
  UnleashConstraint,
  UnleashFeature,
  UnleashStrategy,
  UnleashStrategyVariant,
} from '../unleash/admin-api.js';

export interface VariantInput {
  name: string;
  /** Out of 1000; omitted weights share what is left equally. */
  weight?: number;
  payload?: { type: 'string' | 'json' | 'csv' | 'number'; value: string };
}

export function tenantConstraint(tenantId: string): UnleashConstraint {
  return {
    contextName: 'tenantId',
    operator: 'IN',
    values: [tenantId],
    inverted: false,
    caseInsensitive: false,
  };
}

export function hasTenantConstraint(strategy: UnleashStrategy, tenantId: string): boolean {
  return strategy.constraints.some(
    (c) =>
      c.contextName === 'tenantId' &&
      c.operator === 'IN' &&
      !c.inverted &&
      c.values?.length === 1 &&
      c.values[0] === tenantId,
  );
}

/**
 * The one strategy Bulwark writes: a gradual rollout sticky on userId (Unleash's `default`
 * stickiness), always constrained to the owning tenant, so even a leaked flag name or a shared SDK
 * token cannot turn the flag on for another tenant's context.
 */
export function tenantStrategy(input: {
  tenantId: string;
  unleashName: string;
  rollout: number;
  variants: VariantInput[];
}): UnleashStrategy {
  const variants: UnleashStrategyVariant[] = input.variants.map((variant) => ({
    name: variant.name,
    weight: variant.weight ?? 0,
    weightType: variant.weight === undefined ? 'variable' : 'fix',
    stickiness: 'default',
    ...(variant.payload && { payload: variant.payload }),
  }));
  return {
    name: 'flexibleRollout',
    constraints: [tenantConstraint(input.tenantId)],
    parameters: { rollout: String(input.rollout), stickiness: 'default', groupId: input.unleashName },
    variants,
  };
}

export interface FlagView {
  name: string;
  unleash_name: string;
  description: string | null;
  enabled: boolean;
  rollout: number;
  variants: VariantInput[];
  created_at: string | null;
}

export function environmentOf(feature: UnleashFeature, environment: string) {
  return feature.environments.find((env) => env.name === environment);
}

export function flagView(feature: UnleashFeature, localName: string, environment: string): FlagView {
  const env = environmentOf(feature, environment);
  const strategy = env?.strategies?.[0];
  return {
    name: localName,
    unleash_name: feature.name,
    description: feature.description ?? null,
    enabled: env?.enabled ?? false,
    rollout: Number(strategy?.parameters.rollout ?? 0),
    variants: (strategy?.variants ?? []).map((v) => ({
      name: v.name,
      ...(v.weightType === 'fix' && { weight: v.weight }),
      ...(v.payload && { payload: v.payload as VariantInput['payload'] & object }),
    })),
    created_at: feature.createdAt ?? null,
  };
}
