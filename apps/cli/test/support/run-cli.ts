import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LocalStack } from '@bulwark/example-agent/testing';

const require = createRequire(import.meta.url);
const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
const main = join(import.meta.dirname, '..', '..', 'src', 'main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

export type RunCli = (args: string[], env?: Record<string, string>) => Promise<CliResult>;

/** `BULWARK_<SERVICE>_URL` for every service the stack runs. */
export function serviceUrlEnv(urls: LocalStack['urls']): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [service, url] of Object.entries(urls)) {
    if (url) env[`BULWARK_${service.toUpperCase()}_URL`] = url;
  }
  return env;
}

/**
 * The real CLI (tsx), spawned asynchronously so the in-process services keep answering. Each
 * runner has its own config dir (HOME and BULWARK_CONFIG_DIR), so no login file is shared. `env`
 * is a function so it can read the stack's URLs, which exist only once its hooks have run.
 */
export function cliRunner(env: () => Record<string, string>): { run: RunCli; configDir: () => string } {
  let configDir: string | undefined;
  const dir = () => {
    configDir ??= mkdtempSync(join(tmpdir(), 'bw-cli-'));
    return configDir;
  };
  const run: RunCli = (args, extra = {}) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [tsx, '--conditions=source', main, ...args],
        {
          env: { PATH: process.env.PATH ?? '', HOME: dir(), BULWARK_CONFIG_DIR: dir(), ...env(), ...extra },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
        },
      );
    });
  return { run, configDir: dir };
}
