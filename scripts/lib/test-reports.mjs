import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reading the vitest JSON reports of one `npm test` run (see vitest.shared.ts) into the totals
 * behind the final `N passed, N failed` line.
 */

/** Same transformation vitest.shared.ts applies to a package name. @param {string} name */
export function reportFileName(name) {
  return `${name.replace(/[^a-z0-9]+/gi, '_')}.json`;
}

/**
 * Where a run's reports may land: the root (vitest.shared.ts writes beside itself) and, for
 * packages with their own config, the package folder.
 * @param {string} root
 * @param {string[]} packageDirs
 * @param {string} runId
 */
export function reportDirs(root, packageDirs, runId) {
  return [root, ...packageDirs].map((dir) => join(dir, '.test-reports', runId));
}

/**
 * @typedef {object} Totals
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 */

/**
 * Counts one vitest JSON report. A test file that crashed before collecting tests (syntax error,
 * failed import, hook failure) shows up as a failed suite with no failed test: it counts as one
 * failure so the final line cannot read "0 failed" over a broken file.
 * @param {any} report
 * @returns {Totals & { brokenFiles: string[] }}
 */
export function countReport(report) {
  const passed = Number(report?.numPassedTests ?? 0);
  let failed = Number(report?.numFailedTests ?? 0);
  const skipped = Number(report?.numPendingTests ?? 0) + Number(report?.numTodoTests ?? 0);
  /** @type {string[]} */
  const brokenFiles = [];
  for (const file of Array.isArray(report?.testResults) ? report.testResults : []) {
    const assertions = Array.isArray(file?.assertionResults) ? file.assertionResults : [];
    const anyFailedTest = assertions.some((/** @type {any} */ a) => a?.status === 'failed');
    if (file?.status === 'failed' && !anyFailedTest) {
      failed += 1;
      brokenFiles.push(String(file?.name ?? 'unknown file'));
    }
  }
  // vitest marks the run unsuccessful on errors outside any test (unhandled rejections, teardown).
  if (report?.success === false && failed === 0) {
    failed += 1;
    brokenFiles.push('errors outside tests (unhandled error or teardown failure)');
  }
  return { passed, failed, skipped, brokenFiles };
}

/**
 * Totals every expected package's report; a package whose report is missing counts as one
 * failure (its test process crashed or never ran).
 * @param {{ root: string, runId: string, packages: { name: string, dir: string }[] }} input
 */
export function collectRun({ root, runId, packages }) {
  const dirs = reportDirs(
    root,
    packages.map((p) => p.dir),
    runId,
  );
  /** @type {Totals} */
  const totals = { passed: 0, failed: 0, skipped: 0 };
  /** @type {string[]} */
  const problems = [];
  /** @type {{ name: string, passed: number, failed: number, skipped: number }[]} */
  const perPackage = [];
  for (const pkg of packages) {
    const file = dirs
      .map((dir) => join(dir, reportFileName(pkg.name)))
      .find((candidate) => existsSync(candidate));
    if (!file) {
      totals.failed += 1;
      problems.push(`${pkg.name}: no test report — its tests crashed or did not run`);
      perPackage.push({ name: pkg.name, passed: 0, failed: 1, skipped: 0 });
      continue;
    }
    let report;
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      totals.failed += 1;
      problems.push(`${pkg.name}: unreadable test report ${file}`);
      perPackage.push({ name: pkg.name, passed: 0, failed: 1, skipped: 0 });
      continue;
    }
    const counted = countReport(report);
    for (const broken of counted.brokenFiles)
      problems.push(`${pkg.name}: test file failed to run: ${broken}`);
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
    perPackage.push({
      name: pkg.name,
      passed: counted.passed,
      failed: counted.failed,
      skipped: counted.skipped,
    });
  }
  return { totals, problems, perPackage };
}

/** @param {Totals} totals */
export function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/**
 * Deletes this run's report folders (and `.test-reports` itself when left empty).
 * @param {string[]} dirs
 */
export function removeReportDirs(dirs) {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    const parent = join(dir, '..');
    try {
      if (existsSync(parent) && readdirSync(parent).length === 0)
        rmSync(parent, { recursive: true, force: true });
    } catch {
      // a concurrent run may have just created a sibling; leaving the folder is harmless
    }
  }
}
