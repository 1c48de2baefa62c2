import { prefixPalette } from './log.mjs';
import { portInUse, waitForReady } from './readiness.mjs';
import { SupervisedProcess } from './supervisor.mjs';

/** Raised when a service cannot be started; carries what a developer needs to fix it. */
export class ServiceStartError extends Error {
  /**
   * @param {string} service
   * @param {string} reason
   * @param {string[]} lastLines
   */
  constructor(service, reason, lastLines) {
    super(`${service}: ${reason}`);
    this.service = service;
    this.lastLines = lastLines;
  }
}

/**
 * @typedef {object} LaunchOptions
 * @property {import('./services.mjs').ServiceSpec[]} services  already in start order
 * @property {NodeJS.ProcessEnv} env
 * @property {string[]} [extraArgs]       appended to every `start` command line
 * @property {number} [readyTimeoutMs]
 * @property {number} [stopGraceMs]
 * @property {(line: string) => void} [write]
 * @property {string} [pnpm]              command used to run scripts (tests may use another)
 */

/**
 * @param {import('./services.mjs').ServiceSpec} service
 * @param {number} index
 * @param {LaunchOptions} options
 */
function spawnService(service, index, options, script = 'start') {
  const args = ['--dir', service.dir, 'run', script];
  // No `--`: pnpm would forward it literally and the script would see it in argv.
  if (options.extraArgs?.length) args.push(...options.extraArgs);
  return new SupervisedProcess({
    label: script === 'start' ? service.name : `${service.name}:${script}`,
    command: options.pnpm ?? 'pnpm',
    args,
    cwd: service.dir,
    env: options.env,
    colour: prefixPalette[index % prefixPalette.length],
    write: options.write,
  });
}

/**
 * Starts services one after another, each only once the previous answered `/readyz` (later
 * services fetch auth's JWKS at boot). A service's `worker` script, if any, starts once the
 * service is ready (its migrations have run by then). On any failure everything already started
 * is stopped and a ServiceStartError is thrown.
 * @param {LaunchOptions} options
 */
export async function launchServices(options) {
  const { services, readyTimeoutMs = 90_000, stopGraceMs = 10_000 } = options;
  /** @type {{ service: import('./services.mjs').ServiceSpec, script: string, process: SupervisedProcess }[]} */
  const running = [];
  // All at once: each service drains its own work on SIGTERM, and a sequential stop would make
  // Ctrl-C wait for the sum of every graceful close.
  const stopAll = async () => {
    await Promise.all(running.map((entry) => entry.process.stop(stopGraceMs)));
  };

  for (const [index, service] of services.entries()) {
    if (await portInUse(service.port)) {
      await stopAll();
      throw new ServiceStartError(
        service.name,
        `port ${service.port} (${service.portEnv}) is already in use — is another \`npm start\` running? Set ${service.portEnv} to move it.`,
        [],
      );
    }
    const child = spawnService(service, index, options);
    running.push({ service, script: 'start', process: child });
    try {
      await waitForReady(`http://127.0.0.1:${service.port}/readyz`, {
        timeoutMs: readyTimeoutMs,
        stillRunning: () => child.running,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const exit = child.running ? '' : ` (${child.describeExit()})`;
      await stopAll();
      throw new ServiceStartError(service.name, `${reason}${exit}`, child.recent.slice(-20));
    }
    if (service.worker) {
      running.push({ service, script: 'worker', process: spawnService(service, index, options, 'worker') });
    }
  }
  return { running, stopAll };
}

/**
 * Runs every service's start script with `--migrate-only`, one at a time, expecting each to exit 0.
 * @param {LaunchOptions} options
 */
export async function migrateServices(options) {
  for (const [index, service] of options.services.entries()) {
    const child = spawnService(service, index, { ...options, extraArgs: ['--migrate-only'] });
    await child.exited;
    if (child.exitCode !== 0) {
      throw new ServiceStartError(
        service.name,
        `--migrate-only failed (${child.describeExit()})`,
        child.recent.slice(-20),
      );
    }
  }
}

/**
 * The table printed once everything is up.
 * @param {import('./services.mjs').ServiceSpec[]} services
 * @returns {string}
 */
export function formatServiceTable(services) {
  const rows = services.map((s) => {
    const url = `http://127.0.0.1:${s.port}`;
    return [s.name, url, s.docs ? `${url}/docs` : ''];
  });
  const header = ['service', 'url', 'docs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
