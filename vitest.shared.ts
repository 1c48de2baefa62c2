import { defineConfig } from 'vitest/config';

/**
 * Every package's vitest config extends this one. The JSON reporter feeds
 * `scripts/test.mjs`, which prints the final `N passed, N failed` line; the
 * report path carries the run id so two concurrent `npm test` runs never share a file.
 */
export function packageTestConfig(packageName: string) {
  const runId = process.env.BULWARK_TEST_RUN_ID ?? 'local';
  const safeName = packageName.replace(/[^a-z0-9]+/gi, '_');
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 180_000,
      reporters: ['default', 'json'],
      outputFile: { json: `${import.meta.dirname}/.test-reports/${runId}/${safeName}.json` },
    },
  });
}
