/**
 * The launcher and test-runner logic lives in /scripts/lib as plain Node ESM (it must run before
 * `pnpm install`); this package re-exports it with types for tests and tooling.
 */
export { discoverServices, urlEnvName } from '../../../scripts/lib/services.mjs';
export type { ServiceSpec } from '../../../scripts/lib/services.mjs';
export { listWorkspacePackages } from '../../../scripts/lib/workspace.mjs';
export {
  formatServiceTable,
  launchServices,
  migrateServices,
  ServiceStartError,
} from '../../../scripts/lib/launcher.mjs';
export { waitForReady, portInUse } from '../../../scripts/lib/readiness.mjs';
export { serviceEnvironment } from '../../../scripts/lib/service-env.mjs';
export { checkPostgres, checkRedis } from '../../../scripts/lib/store-checks.mjs';
export { collectRun, countReport, summaryLine } from '../../../scripts/lib/test-reports.mjs';
export { packagesToTest } from '../../../scripts/lib/test-selection.mjs';
