import { listWorkspacePackages } from './workspace.mjs';

/**
 * A runnable service: a workspace package with a `start` script and a
 * `"bulwark": { "port": n, "portEnv": "X_PORT", "order"?: n }` block in its package.json.
 * @typedef {object} ServiceSpec
 * @property {string} name     short name (folder name, e.g. `auth`)
 * @property {string} packageName
 * @property {string} dir
 * @property {string} relDir
 * @property {number} port
 * @property {string} portEnv
 * @property {number} order
 * @property {boolean} docs    whether to print a /docs link (default true)
 * @property {boolean} worker  `"worker": true` in the block: also run the package's `worker` script
 *                             (opt-in, because a server may already embed its workers)
 */

/**
 * Auth issues the tokens and JWKS every other service needs, so it boots first unless told otherwise.
 * @type {Record<string, number>}
 */
const DEFAULT_ORDER = { auth: 10 };
const FALLBACK_ORDER = 50;

/**
 * @param {string} root
 * @returns {{ services: ServiceSpec[], problems: string[] }}
 */
export function discoverServices(root) {
  /** @type {ServiceSpec[]} */
  const services = [];
  /** @type {string[]} */
  const problems = [];
  for (const pkg of listWorkspacePackages(root)) {
    if (!pkg.scripts.start || !pkg.bulwark) continue;
    const { port, portEnv, order, docs, worker } = pkg.bulwark;
    if (!Number.isInteger(port) || typeof portEnv !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(portEnv)) {
      problems.push(
        `${pkg.relDir}/package.json: "bulwark" needs an integer "port" and a "portEnv" like "AUTH_PORT"`,
      );
      continue;
    }
    if (worker === true && !pkg.scripts.worker) {
      problems.push(`${pkg.relDir}/package.json: "bulwark.worker" is true but there is no "worker" script`);
      continue;
    }
    const name = pkg.relDir.split('/').pop() ?? pkg.name;
    services.push({
      name,
      packageName: pkg.name,
      dir: pkg.dir,
      relDir: pkg.relDir,
      port: Number(port),
      portEnv,
      order: typeof order === 'number' ? order : (DEFAULT_ORDER[name] ?? FALLBACK_ORDER),
      docs: docs !== false,
      worker: worker === true,
    });
  }
  services.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const seen = new Map();
  for (const service of services) {
    const clash = seen.get(service.port);
    if (clash) problems.push(`${service.relDir} and ${clash} both claim port ${service.port}`);
    seen.set(service.port, service.relDir);
  }
  return { services, problems };
}

/** `auth` → `AUTH_URL`; `stripe-emulator` → `STRIPE_EMULATOR_URL`. @param {string} name */
export function urlEnvName(name) {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}
