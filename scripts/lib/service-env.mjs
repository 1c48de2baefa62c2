import { join } from 'node:path';
import { urlEnvName } from './services.mjs';

/**
 * The environment every service is started with: the defaults from docs/contracts.md, each
 * service's port, and every service's URL so they find each other. Values already set in the
 * developer's environment win. DATABASE_URL is deliberately not shared: each service defaults to
 * its own database.
 * @param {string} root
 * @param {import('./services.mjs').ServiceSpec[]} services
 * @param {NodeJS.ProcessEnv} base
 * @returns {NodeJS.ProcessEnv}
 */
export function serviceEnvironment(root, services, base = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const defaults = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: 'bulwark:',
    BULWARK_ISSUER: 'http://127.0.0.1:4001',
    BULWARK_AUDIENCE: 'bulwark',
    // Where auth writes the bootstrap admin key (`admin-key`) on first start.
    BULWARK_STATE_DIR: join(root, '.bulwark'),
  };
  for (const service of services) {
    defaults[service.portEnv] = String(service.port);
    defaults[urlEnvName(service.name)] = `http://127.0.0.1:${service.port}`;
  }
  return { ...defaults, ...base };
}
