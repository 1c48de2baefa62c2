import { BulwarkError } from '@bulwark/sdk';
import { configFile, writeConfig } from '../config-store.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { details, print } from '../output.js';

/**
 * `bulwark login --api-key bwk_… [--url https://bulwark.internal] [--auth-url …]`: checks the key
 * against auth (it introspects itself) and saves it (0600) for later commands.
 */
export async function login(ctx: CommandContext): Promise<void> {
  const apiKey = ctx.flags.string('api-key') ?? ctx.env.BULWARK_API_KEY;
  if (!apiKey) throw new UsageError('login needs --api-key bwk_… (or BULWARK_API_KEY).');
  const urls: Record<string, string> = { ...ctx.config.urls };
  for (const service of ['auth', 'audit', 'billing', 'licensing', 'flags']) {
    const url = ctx.flags.string(`${service}-url`);
    if (url) urls[service] = url;
  }
  const baseUrl = ctx.flags.string('url') ?? ctx.config.base_url;
  const config = { api_key: apiKey, ...(baseUrl ? { base_url: baseUrl } : {}), urls };
  const bw = ctx.client();
  const self = await bw.auth.introspect(apiKey);
  if (!self.active)
    throw new BulwarkError({ message: 'The API key is not active.', code: 'invalid_token', status: 401 });
  const file = await writeConfig(config, ctx.env);
  const result = {
    logged_in: true,
    tenant_id: self.tenant_id,
    key_id: self.sub,
    scope: self.scope,
    auth_url: bw.url('auth'),
    config_file: file,
  };
  print(ctx.io, result, () => details(result));
}

export function whereIsConfig(ctx: CommandContext): void {
  ctx.io.out(configFile(ctx.env));
}
