import { unauthenticated } from './stripe-error.js';

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

/**
 * Stripe accepts the secret key as a Bearer token or as the Basic-auth user name (`curl -u sk_test_…:`).
 * The emulator only knows test mode, so only `sk_test_` keys (or the configured ones) get in.
 */
export function authenticate(header: string | undefined, allowedKeys: readonly string[] | undefined): string {
  if (!header) throw unauthenticated(NO_KEY);
  let key: string | undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') key = value;
  if (scheme?.toLowerCase() === 'basic' && value)
    key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  if (!key) throw unauthenticated(NO_KEY);
  const valid = allowedKeys ? allowedKeys.includes(key) : /^sk_test_[A-Za-z0-9_]{4,}$/.test(key);
  if (!valid)
    throw unauthenticated(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(4)}${key.slice(-4)}`);
  return key;
}
