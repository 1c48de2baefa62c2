#!/usr/bin/env node
/**
 * `npm test`: install if needed, check PostgreSQL and Redis, then lint, typecheck and every
 * package's tests, and end with one line `N passed, N failed[, N skipped]` counted from the
 * vitest JSON reports of this run. Lint and typecheck failures count as one failure each; a
 * package that produced no report counts as one failure. Exits non-zero on any failure.
 *
 * BULWARK_TEST_CONCURRENCY (default 2) sets how many packages test at once.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colours, fail, step } from './lib/log.mjs';
import { ensureInstalledByMtime, ensurePnpm } from './lib/pnpm.mjs';
import { runInherited } from './lib/run-command.mjs';
import { checkStores, STORE_HELP } from './lib/store-checks.mjs';
import { collectRun, removeReportDirs, reportDirs, summaryLine } from './lib/test-reports.mjs';
import { packagesToTest } from './lib/test-selection.mjs';
import { listWorkspacePackages } from './lib/workspace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Two cores: two packages at a time, each vitest with its own small pool. */
const CONCURRENCY = process.env.BULWARK_TEST_CONCURRENCY ?? '2';
const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '')}-${process.pid}-${randomBytes(3).toString('hex')}`;

const env = {
  ...process.env,
  BULWARK_TEST_RUN_ID: runId,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1',
};

/** Every folder a report of this run may be in; re-read at cleanup since packages appear mid-run. */
const dirsOfThisRun = () =>
  reportDirs(
    root,
    listWorkspacePackages(root).map((p) => p.dir),
    runId,
  );

/** @type {string[]} */
const failedSteps = [];

/** @param {string} name @param {string[]} args */
async function runStep(name, args) {
  step(name);
  const code = await runInherited('pnpm', args, { cwd: root, env });
  if (code !== 0) failedSteps.push(`${name} failed (exit ${code})`);
  return code;
}

async function main() {
  await ensurePnpm();
  await ensureInstalledByMtime(root);

  step('checking PostgreSQL and Redis');
  const stores = await checkStores(env);
  for (const result of [stores.postgres, stores.redis])
    console.log(`  ${result.ok ? '✔' : '✖'} ${result.detail}`);
  if (!stores.ok) {
    console.error(`\n${STORE_HELP}`);
    fail('tests need PostgreSQL and Redis; none were run');
    console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
    return 1;
  }

  await runStep('lint (biome check .)', ['exec', 'biome', 'check', '.']);
  await runStep('typecheck (turbo run typecheck)', [
    'exec',
    'turbo',
    'run',
    'typecheck',
    `--concurrency=${CONCURRENCY}`,
  ]);

  // Listed now, not at start-up: other packages may have appeared while lint and typecheck ran.
  const { tested, withoutTests } = packagesToTest(root);
  for (const pkg of withoutTests)
    console.log(colours.dim(`  ${pkg.name}: test script but no test files yet — skipped`));
  let testExit = 0;
  if (tested.length > 0) {
    step(`tests: ${tested.map((p) => p.name).join(', ')} (run ${runId})`);
    const filters = tested.map((p) => `--filter=${p.name}`);
    const args = ['exec', 'turbo', 'run', 'test', `--concurrency=${CONCURRENCY}`, '--continue', ...filters];
    testExit = await runInherited('pnpm', args, { cwd: root, env });
  } else {
    console.log('\nno package has tests yet');
  }

  const { totals, problems, perPackage } = collectRun({ root, runId, packages: tested });
  if (testExit !== 0 && totals.failed === 0) {
    totals.failed += 1;
    problems.push(`turbo run test exited ${testExit} although every report passed`);
  }
  totals.failed += failedSteps.length;

  step('summary');
  for (const row of perPackage) {
    const mark = row.failed > 0 ? colours.red('✖') : colours.green('✔');
    console.log(`  ${mark} ${row.name.padEnd(28)} ${summaryLine(row)}`);
  }
  for (const problem of [...failedSteps, ...problems]) fail(problem);
  console.log(summaryLine(totals));
  return totals.failed > 0 ? 1 : 0;
}

/** @param {NodeJS.Signals} signal */
function onSignal(signal) {
  // Children share our process group and get the signal too; we only tidy up this run's files.
  removeReportDirs(dirsOfThisRun());
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().then(
  (code) => {
    removeReportDirs(dirsOfThisRun());
    process.exit(code);
  },
  (error) => {
    removeReportDirs(dirsOfThisRun());
    fail(error instanceof Error ? error.message : String(error));
    console.log(summaryLine({ passed: 0, failed: 1, skipped: 0 }));
    process.exit(1);
  },
);
