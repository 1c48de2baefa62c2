/**
 * Which flag definitions evaluate to the same result every time for the same (frozen) context,
 * so FlagEngine may reuse an earlier result until the definitions change. A whitelist over what
 * unleash-client 6.9 does: anything that reads the clock, draws a random number, emits a per-call
 * event or is unknown to us makes the flag "evaluate every time". The strategy names are
 * unleash-client's built-ins: FlagEngine registers no custom strategies (revisit this if it does).
 */

/** The slice of an unleash-client definition (with full segments) that the decision reads. */
export interface StableCheckedConstraint {
  operator: string;
}

export interface StableCheckedVariant {
  stickiness?: string;
}

export interface StableCheckedStrategy {
  name: string;
  parameters?: Record<string, unknown>;
  constraints?: StableCheckedConstraint[];
  segments?: Array<{ constraints?: StableCheckedConstraint[] } | undefined>;
  variants?: StableCheckedVariant[];
}

export interface StableCheckedFeature {
  name: string;
  impressionData?: boolean;
  strategies?: StableCheckedStrategy[];
  variants?: StableCheckedVariant[];
  dependencies?: Array<{ feature: string }>;
}

/** Built-in strategies whose answer depends on parameters and context only (random rollout is not). */
const PURE_STRATEGIES = new Set([
  'default',
  'flexibleRollout',
  'userWithId',
  'gradualRolloutUserId',
  'gradualRolloutSessionId',
  'remoteAddress',
  'applicationHostname',
]);

/** DATE_AFTER / DATE_BEFORE compare against `new Date()` when the context has no currentTime. */
const CLOCK_OPERATORS = new Set(['DATE_AFTER', 'DATE_BEFORE']);

/**
 * Variant seeds that never fall back to a random number for a context with a non-empty userId:
 * unset/`default` (userId first) and `userId` itself. Any other field, when absent, seeds randomly.
 */
function isStableVariantSeed(stickiness: unknown): boolean {
  return stickiness === undefined || stickiness === 'default' || stickiness === 'userId';
}

function hasClockConstraint(constraints: readonly StableCheckedConstraint[] | undefined): boolean {
  return (constraints ?? []).some((constraint) => CLOCK_OPERATORS.has(constraint.operator));
}

function isStableStrategy(strategy: StableCheckedStrategy): boolean {
  if (!PURE_STRATEGIES.has(strategy.name)) return false;
  const stickiness = strategy.parameters?.stickiness;
  // flexibleRollout: `random` draws per call; a missing field answers false (stable).
  if (strategy.name === 'flexibleRollout' && stickiness === 'random') return false;
  if (hasClockConstraint(strategy.constraints)) return false;
  if ((strategy.segments ?? []).some((segment) => hasClockConstraint(segment?.constraints))) return false;
  const variants = strategy.variants ?? [];
  // unleash-client seeds strategy variants with `variants[0].stickiness || parameters.stickiness`.
  if (variants.length > 0 && !isStableVariantSeed(variants[0]?.stickiness || stickiness)) return false;
  return true;
}

/** The flag's own definition, ignoring its parents. */
function isStableOnItsOwn(feature: StableCheckedFeature): boolean {
  if (feature.impressionData) return false; // every call emits an impression event
  // A malformed definition makes unleash-client emit an error on every call: keep that behaviour.
  if (feature.strategies !== undefined && !Array.isArray(feature.strategies)) return false;
  if (!(feature.strategies ?? []).every(isStableStrategy)) return false;
  const variants = feature.variants ?? [];
  // Feature-level variants are seeded with `variants[0].stickiness` (an empty string is a field name).
  if (variants.length > 0 && !isStableVariantSeed(variants[0]?.stickiness)) return false;
  return true;
}

/**
 * Names of the flags whose evaluation is a pure function of (definitions, context) for a context
 * with a non-empty userId. A flag with dependencies qualifies only when every parent that exists
 * qualifies too (unleash-client evaluates the parents inside the child's evaluation).
 */
export function stableFlagNames(features: readonly StableCheckedFeature[]): Set<string> {
  const byName = new Map(features.map((feature) => [feature.name, feature]));
  const stable = new Set<string>();
  for (const feature of features) {
    if (!isStableOnItsOwn(feature)) continue;
    const parentsStable = (feature.dependencies ?? []).every((dependency) => {
      const parent = byName.get(dependency.feature);
      return parent === undefined || isStableOnItsOwn(parent);
    });
    if (parentsStable) stable.add(feature.name);
  }
  return stable;
}
