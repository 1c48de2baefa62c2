import { Bulwark, type ServiceName } from '@bulwark/sdk';
import type { Flags } from './args.js';
import { type StoredConfig, readConfig } from './config-store.js';
import { UsageError } from './exit-codes.js';
import type { Output } from './output.js';

const SERVICES: ServiceName[] = ['auth', 'audit', 'billing', 'licensing', 'flags'];

export interface CommandContext {
  io: Output;
  flags: Flags;
  args: string[];
  env: NodeJS.ProcessEnv;
  config: StoredConfig;
  /** The SDK client: API key from --api-key, BULWARK_API_KEY, or `bulwark login`. */
  client(options?: { requireKey?: boolean }): Bulwark;
}

/**
 * Precedence for every setting: flag, then environment, then the login file. URLs: `--url`/
 * `BULWARK_URL` (scheme + host, default ports) and `BULWARK_<SERVICE>_URL` for one service.
 */
export async function createContext(io: Output, flags: Flags, args: string[], env: NodeJS.ProcessEnv) {
  const config = await readConfig(env);
  const context: CommandContext = {
    io,
    flags,
    args,
    env,
    config,
    client(options = {}) {
      const apiKey = flags.string('api-key') ?? env.BULWARK_API_KEY ?? config.api_key;
      if (options.requireKey !== false && !apiKey) {
        throw new UsageError('No API key: run `bulwark login --api-key bwk_…`, or set BULWARK_API_KEY.');
      }
      const urls: Partial<Record<ServiceName, string>> = {
        ...(config.urls as Partial<Record<ServiceName, string>>),
      };
      for (const service of SERVICES) {
        const fromEnv = env[`BULWARK_${service.toUpperCase()}_URL`];
        if (fromEnv) urls[service] = fromEnv;
      }
      const baseUrl = flags.string('url') ?? env.BULWARK_URL ?? config.base_url;
      return new Bulwark({
        ...(apiKey ? { apiKey } : {}),
        ...(baseUrl ? { baseUrl } : {}),
        urls,
        retries: 1,
        flags: { cacheMs: 0 },
      });
    },
  };
  return context;
}
