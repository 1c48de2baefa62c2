/**
 * Secrets never enter an audit event. Any field whose name looks secret is replaced, and any string
 * value that looks like a Bulwark secret or a JWT/PEM is replaced too, at any depth.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /(secret|password|passwd|private|token|api[_-]?key|authorization|cookie|credential|signature|^key$|_key$|kek|pem|jwk|assertion)/i;
/** Keys that match SECRET_KEY but are known to be safe identifiers. */
const SAFE_KEYS = new Set([
  'token_type',
  'token_id',
  'jti',
  'key_id',
  'api_key_id',
  'signing_key_id',
  'kid',
  'public_key',
  'public_jwk',
  'id_hash',
  'secret_hint',
  'key_hint',
  'token_endpoint_auth_method',
  // Lifetimes, not tokens: "token" in the name made the redactor hide tenant and agent TTL caps.
  'max_token_ttl',
  'token_ttl',
]);
const SECRET_VALUE = [
  /\b(bwk|bws|agt_secret|cs|whsec|sk)_(v\d+_)?[A-Za-z0-9_-]{16,}/, // prefixed secrets
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, // JWT / JWS
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/, // PEM
];

export function looksSecretKey(key: string): boolean {
  return !SAFE_KEYS.has(key.toLowerCase()) && SECRET_KEY.test(key);
}

export function looksSecretValue(value: string): boolean {
  return SECRET_VALUE.some((re) => re.test(value));
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 32) return REDACTED as T;
  if (typeof value === 'string') return (looksSecretValue(value) ? REDACTED : value) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        looksSecretKey(key) && inner !== null && inner !== undefined ? REDACTED : redact(inner, depth + 1);
    }
    return out as T;
  }
  return value;
}
