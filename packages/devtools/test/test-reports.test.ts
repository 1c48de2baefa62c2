import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectRun, countReport, packagesToTest, summaryLine } from '../src/index.js';

/** The fields of a vitest JSON report that scripts/test.mjs reads. */
function report(
  counts: { passed?: number; failed?: number; pending?: number; todo?: number },
  files: object[] = [],
) {
  return {
    success: (counts.failed ?? 0) === 0,
    numPassedTests: counts.passed ?? 0,
    numFailedTests: counts.failed ?? 0,
    numPendingTests: counts.pending ?? 0,
    numTodoTests: counts.todo ?? 0,
    testResults: files,
  };
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bulwark-reports-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function writeReport(dir: string, runId: string, packageName: string, body: unknown) {
  const folder = join(dir, '.test-reports', runId);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${packageName.replace(/[^a-z0-9]+/gi, '_')}.json`), JSON.stringify(body));
}

describe('summaryLine', () => {
  it('prints passed and failed, and skipped only when some were skipped', () => {
    expect(summaryLine({ passed: 12, failed: 0, skipped: 0 })).toBe('12 passed, 0 failed');
    expect(summaryLine({ passed: 3, failed: 2, skipped: 4 })).toBe('3 passed, 2 failed, 4 skipped');
  });
});

describe('countReport', () => {
  it('counts skipped as pending plus todo', () => {
    expect(countReport(report({ passed: 5, failed: 1, pending: 2, todo: 1 }))).toMatchObject({
      passed: 5,
      failed: 1,
      skipped: 3,
    });
  });

  it('counts a test file that crashed before running any test as a failure', () => {
    const crashed = { name: '/pkg/test/broken.test.ts', status: 'failed', assertionResults: [] };
    const counted = countReport({ ...report({ passed: 4 }), success: false, testResults: [crashed] });
    expect(counted.failed).toBe(1);
    expect(counted.brokenFiles).toEqual(['/pkg/test/broken.test.ts']);
  });

  it('does not double-count a file whose failure is already a failed test', () => {
    const file = { name: 'a.test.ts', status: 'failed', assertionResults: [{ status: 'failed' }] };
    expect(countReport(report({ failed: 1 }, [file])).failed).toBe(1);
  });

  it('counts an unsuccessful run with no failed test (unhandled error) as a failure', () => {
    expect(countReport({ ...report({ passed: 2 }), success: false }).failed).toBe(1);
  });
});

describe('collectRun', () => {
  it('adds up the reports of this run only, from the root or the package folder', () => {
    const pkgDir = join(root, 'packages', 'b');
    writeReport(root, 'run-1', '@x/a', report({ passed: 3, pending: 1 }));
    writeReport(pkgDir, 'run-1', '@x/b', report({ passed: 2, failed: 1 }));
    writeReport(root, 'run-2', '@x/a', report({ failed: 50 }));

    const { totals, problems } = collectRun({
      root,
      runId: 'run-1',
      packages: [
        { name: '@x/a', dir: join(root, 'packages', 'a') },
        { name: '@x/b', dir: pkgDir },
      ],
    });

    expect(totals).toEqual({ passed: 5, failed: 1, skipped: 1 });
    expect(problems).toEqual([]);
  });

  it('counts a package without a report as one failure and names it', () => {
    writeReport(root, 'run-1', '@x/a', report({ passed: 1 }));
    const { totals, problems } = collectRun({
      root,
      runId: 'run-1',
      packages: [
        { name: '@x/a', dir: root },
        { name: '@x/crashed', dir: root },
      ],
    });
    expect(totals).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(problems).toEqual(['@x/crashed: no test report — its tests crashed or did not run']);
  });
});

describe('packagesToTest', () => {
  it('runs packages with a test script and a test file, and reports those with a script but no tests', () => {
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const make = (name: string, scripts: Record<string, string>, files: string[]) => {
      const dir = join(root, 'packages', name);
      mkdirSync(join(dir, 'test', 'nested'), { recursive: true });
      mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@x/${name}`, scripts }));
      for (const file of files) writeFileSync(join(dir, file), '');
    };
    make('tested', { test: 'vitest run' }, ['test/nested/thing.test.ts']);
    make('empty', { test: 'vitest run' }, ['node_modules/dep/ignored.test.js', 'test/helper.ts']);
    make('no-script', {}, ['test/a.test.ts']);

    const { tested, withoutTests } = packagesToTest(root);

    expect(tested.map((p) => p.name)).toEqual(['@x/tested']);
    expect(withoutTests.map((p) => p.name)).toEqual(['@x/empty']);
  });
});
