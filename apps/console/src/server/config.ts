import { type Upstreams, upstreamsFromEnv } from './upstreams.js';

export interface ConsoleConfig {
  port: number;
  host: string;
  upstreams: Upstreams;
}

/** Parses the console's environment once, failing fast with the variable's name. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv): ConsoleConfig {
  const rawPort = env.CONSOLE_PORT ?? '4000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`CONSOLE_PORT must be a port number (0-65535), got "${rawPort}".`);
  }
  return { port, host: env.CONSOLE_HOST ?? '127.0.0.1', upstreams: upstreamsFromEnv(env) };
}
