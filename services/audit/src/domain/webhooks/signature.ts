import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Bulwark-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The key is the
 * whole `whsec_…` string as UTF-8. Signing the timestamp with the body lets a receiver refuse
 * replays of an old delivery (check |now - t| within a tolerance). During a secret rotation's
 * overlap window the header carries one `v1` per live secret, newest first
 * (`t=…,v1=<new>,v1=<old>`); a receiver accepts the delivery when any of them matches.
 */
export const SIGNATURE_HEADER = 'bulwark-signature';
export const EVENT_IDS_HEADER = 'bulwark-event-ids';
export const DELIVERY_ID_HEADER = 'bulwark-delivery-id';

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** `secrets` newest first: the current secret, then the previous one while it overlaps. */
export function signatureHeader(
  secrets: string | readonly string[],
  body: string,
  timestamp: number,
): string {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${timestamp}`, ...list.map((secret) => `v1=${hmac(secret, timestamp, body)}`)].join(',');
}

export interface VerifySignatureOptions {
  /** Largest accepted |now - t| in seconds (default 300). */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/**
 * What a receiver runs: true when `t` is fresh and any `v1` of the header matches the secret (or
 * any of the secrets, for a receiver that holds both while it switches over).
 */
export function verifyWebhookSignature(
  secret: string | readonly string[],
  body: string,
  header: string | undefined,
  options: VerifySignatureOptions = {},
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(t)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = (typeof secret === 'string' ? [secret] : secret).map((key) =>
    Buffer.from(hmac(key, t, body), 'hex'),
  );
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => {
      const presented = Buffer.from(value ?? '', 'hex');
      return expected.some((candidate) => timingSafeEqual(presented, candidate));
    });
}
