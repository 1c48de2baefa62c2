export { buildApp, type BuildAppOptions, type FlagsService, SERVICE_VERSION } from './app.js';
export {
  createKillSwitchChecker,
  type FlagEvaluator,
  type KillSwitchChecker,
  type KillSwitchOptions,
  type KillSwitchSubject,
  tenantFlagName,
} from './engine/kill-switch.js';
export { FlagEngine, type FlagEngineOptions, type FlagResult } from './engine/flag-engine.js';
export { buildEvaluationContext, identityOf, TOKEN_DERIVED_FIELDS } from './engine/evaluation-context.js';
export { migrationSources } from './migrations.js';
