import { readFile } from 'node:fs/promises';
import { verifyLicenseKeyOffline } from '@bulwark/sdk/node';
import type { CommandContext } from '../context.js';
import { CheckFailed, UsageError } from '../exit-codes.js';
import { details, print } from '../output.js';

/** `bulwark license issue --policy pol_… --owner user:usr_… [--entitlements a,b] [--expires ISO]` */
export async function licenseIssue(ctx: CommandContext): Promise<void> {
  const bw = ctx.client();
  const [type, ...rest] = ctx.flags.required('owner', '(type:id, e.g. user:usr_123)').split(':');
  const id = rest.join(':');
  if ((type !== 'tenant' && type !== 'user' && type !== 'customer') || !id) {
    throw new UsageError('--owner must be tenant:ID, user:ID or customer:ID.');
  }
  const entitlements = ctx.flags.list('entitlements');
  const expires = ctx.flags.string('expires');
  const license = await bw.licensing.issue({
    policy_id: ctx.flags.required('policy'),
    owner: { type, id },
    ...(entitlements ? { entitlements } : {}),
    ...(expires ? { expires_at: expires } : {}),
  });
  print(ctx.io, license, () =>
    details({ id: license.id, status: license.status, expires_at: license.expires_at, key: license.key }),
  );
}

/** `bulwark license validate KEY [--fingerprint F] [--product P]`: online; exit 7 when not valid. */
export async function licenseValidate(ctx: CommandContext): Promise<void> {
  const key = ctx.args[0];
  if (!key) throw new UsageError('usage: bulwark license validate KEY [--fingerprint F]');
  const fingerprint = ctx.flags.string('fingerprint');
  const product = ctx.flags.string('product');
  const result = await ctx.client({ requireKey: false }).licensing.validate({
    key,
    ...(fingerprint ? { fingerprint } : {}),
    ...(product ? { product } : {}),
  });
  print(ctx.io, result, () => `${result.code}${result.valid ? '' : ' (not valid)'}`);
  if (!result.valid) throw new CheckFailed(result.code);
}

/**
 * `bulwark license verify-offline KEY [--keys jwks.json] [--product P]`: checks the signature and
 * expiry with no call to licensing when --keys is given (else fetches the public keys once).
 */
export async function licenseVerifyOffline(ctx: CommandContext): Promise<void> {
  const key = ctx.args[0];
  if (!key) throw new UsageError('usage: bulwark license verify-offline KEY [--keys jwks.json]');
  const keysFile = ctx.flags.string('keys');
  const publicKeys = keysFile
    ? (JSON.parse(await readFile(keysFile, 'utf8')) as { keys: unknown[] })
    : await ctx.client({ requireKey: false }).licensing.keys();
  const product = ctx.flags.string('product');
  const result = verifyLicenseKeyOffline(key, { publicKeys, ...(product ? { product } : {}) });
  print(ctx.io, result, () => `${result.code}: ${result.detail}`);
  if (!result.valid) throw new CheckFailed(result.code);
}
