import { spawn, spawnSync } from 'node:child_process';

/**
 * Runs a command with inherited stdio and resolves with its exit code (never rejects, so a
 * failing step can be counted rather than aborting the whole run).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<number>}
 */
export function runInherited(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a short command and returns its trimmed stdout, or undefined when it is missing or fails.
 * @param {string} command
 * @param {string[]} args
 * @returns {string | undefined}
 */
export function readCommand(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}
