#!/usr/bin/env node
/**
 * `npm start`: install what is missing, check the stores, start every service that declares a
 * `bulwark` block, print where they listen, and stop them all on Ctrl-C / SIGTERM.
 * Plain Node with built-ins only, so it runs on a machine where `pnpm install` never ran.
 *
 * Flags: --migrate-only (run each service's migrations and exit), --skip-install,
 *        --ready-timeout=<seconds> (default 90), --only=<name,name> (start a subset).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatServiceTable, launchServices, migrateServices, ServiceStartError } from './lib/launcher.mjs';
import { colours, fail, step } from './lib/log.mjs';
import { ensureInstalledByHash, ensurePnpm } from './lib/pnpm.mjs';
import { serviceEnvironment } from './lib/service-env.mjs';
import { discoverServices } from './lib/services.mjs';
import { watchAncestors } from './lib/parent-watch.mjs';
import { SupervisedProcess } from './lib/supervisor.mjs';
import { checkStores, STORE_HELP } from './lib/store-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const migrateOnly = args.includes('--migrate-only');
const skipInstall = args.includes('--skip-install');
const timeoutArg = args.find((a) => a.startsWith('--ready-timeout='));
const readyTimeoutMs = timeoutArg ? Number(timeoutArg.split('=')[1]) * 1000 : 90_000;
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set((onlyArg.split('=')[1] ?? '').split(',').filter(Boolean)) : undefined;

/** @param {unknown} error */
function reportStartError(error) {
  if (error instanceof ServiceStartError) {
    fail(`service ${error.service} did not start: ${error.message}`);
    if (error.lastLines.length) {
      console.error(colours.dim(`last log lines of ${error.service}:`));
      for (const line of error.lastLines) console.error(colours.dim(`  ${line}`));
    }
  } else {
    fail(error instanceof Error ? error.message : String(error));
  }
}

async function main() {
  if (!skipInstall) {
    await ensurePnpm();
    await ensureInstalledByHash(root);
  }

  step('checking PostgreSQL and Redis');
  const stores = await checkStores();
  for (const result of [stores.postgres, stores.redis])
    console.log(`  ${result.ok ? '✔' : '✖'} ${result.detail}`);
  if (!stores.ok) {
    console.error(`\n${STORE_HELP}`);
    return 1;
  }

  const discovered = discoverServices(root);
  const { problems } = discovered;
  const services = only ? discovered.services.filter((s) => only.has(s.name)) : discovered.services;
  if (only) {
    const unknown = [...only].filter((name) => !discovered.services.some((s) => s.name === name));
    if (unknown.length) problems.push(`--only names unknown services: ${unknown.join(', ')}`);
  }
  for (const problem of problems) fail(problem);
  if (problems.length) return 1;
  if (services.length === 0) {
    console.log(
      '\nno services yet — add a `start` script and a "bulwark": { "port", "portEnv" } block to a package.',
    );
    return 0;
  }

  const env = serviceEnvironment(root, services);
  const common = { services, env, readyTimeoutMs };

  if (migrateOnly) {
    step(`migrating ${services.map((s) => s.name).join(', ')}`);
    await migrateServices(common);
    console.log(colours.green('\nall migrations applied'));
    return 0;
  }

  step(`starting ${services.map((s) => s.name).join(', ')}`);
  const launched = await launchServices(common);

  console.log(`\n${colours.green('Bulwark is up.')}\n\n${formatServiceTable(services)}\n`);
  const adminKeyFile = join(env.BULWARK_STATE_DIR ?? join(root, '.bulwark'), 'admin-key');
  if (existsSync(adminKeyFile)) {
    // The key itself stays in the file so it never lands in terminal scrollback or CI logs.
    console.log(`bootstrap admin key: ${relative(process.cwd(), adminKeyFile)}  (cat it to use it)`);
  }
  console.log(colours.dim('Ctrl-C stops everything.'));

  return new Promise((resolve) => {
    let stopping = false;
    /** @param {number} code @param {string} why */
    const shutdown = async (code, why) => {
      if (stopping) return;
      stopping = true;
      console.log(colours.dim(`\n${why} — stopping services…`));
      await launched.stopAll();
      resolve(code);
    };
    onSignal = (signal) => void shutdown(0, signal);
    watchAncestors(() => void shutdown(0, 'the process that started npm start is gone'));
    for (const { process: child } of launched.running) {
      void child.exited.then(() => {
        if (stopping) return;
        const why = `exited unexpectedly (${child.describeExit()})`;
        reportStartError(new ServiceStartError(child.label, why, child.recent.slice(-20)));
        return shutdown(1, `${child.label} stopped`);
      });
    }
  });
}

// Children run in their own process groups, so they would outlive a launcher that crashes or is
// interrupted while still starting them; once everything is up, signals stop them gracefully.
process.on('exit', () => SupervisedProcess.terminateAllSync());
/** @type {(signal: NodeJS.Signals) => void} */
let onSignal = (signal) => {
  console.error(`\n${signal} while starting — stopping what was started`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => onSignal(signal));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    reportStartError(error);
    process.exit(1);
  },
);
