#!/usr/bin/env node
/**
 * `npm run bench [-- name…]`: runs every `bench/<name>/run.ts` (or only the named ones) one after
 * another with tsx, streaming their output. Each benchmark prints its own ratios against a peer or
 * a limit measured in the same run; this script only orders them and reports which failed.
 * One at a time on purpose: two benchmarks sharing two cores would measure each other.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, step, warn } from './lib/log.mjs';
import { ensureInstalledByMtime, ensurePnpm } from './lib/pnpm.mjs';
import { runInherited } from './lib/run-command.mjs';
import { checkStores } from './lib/store-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));

/** @returns {{ name: string, dir: string, file: string }[]} */
function findBenchmarks() {
  if (!existsSync(benchDir)) return [];
  return readdirSync(benchDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .map((entry) => ({
      name: entry.name,
      dir: join(benchDir, entry.name),
      file: join(benchDir, entry.name, 'run.ts'),
    }))
    .filter((b) => existsSync(b.file))
    .filter((b) => wanted.length === 0 || wanted.includes(b.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function main() {
  await ensurePnpm();
  await ensureInstalledByMtime(root);

  const benchmarks = findBenchmarks();
  if (benchmarks.length === 0) {
    console.log(
      wanted.length ? `no benchmark named ${wanted.join(', ')}` : 'no benchmarks yet (bench/<name>/run.ts)',
    );
    return wanted.length ? 1 : 0;
  }

  const stores = await checkStores();
  if (!stores.ok)
    warn(
      `stores not reachable, benchmarks that need them will fail: ${stores.postgres.detail}; ${stores.redis.detail}`,
    );

  const tsx = join(benchDir, 'node_modules', '.bin', 'tsx');
  /** @type {string[]} */
  const failed = [];
  for (const bench of benchmarks) {
    step(`bench ${bench.name}`);
    const code = await runInherited(tsx, [bench.file], { cwd: bench.dir });
    if (code !== 0) failed.push(`${bench.name} (exit ${code})`);
  }

  step('benchmarks done');
  for (const name of failed) fail(name);
  console.log(`${benchmarks.length - failed.length} of ${benchmarks.length} benchmarks ran to completion`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    fail(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
