import { DELIVERY_ID_HEADER, EVENT_IDS_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface DeliveryRequest {
  url: string;
  secret: string;
  deliveryId: string;
  eventIds: readonly string[];
  body: string;
  timeoutMs: number;
  nowSeconds: number;
}

/** A failed attempt: `status` is null when no HTTP answer came back. Never carries the secret. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

const ERROR_BODY_BYTES = 300;

/** Reads at most a few hundred bytes of a failure answer: enough to show why, bounded in memory. */
async function bodyExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A broken body is not worth more than what we got.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, ERROR_BODY_BYTES).replace(/\s+/g, ' ').trim();
}

/**
 * One signed POST. Any 2xx is success; anything else (3xx included: redirects are not followed, a
 * sink must name its final URL) or no answer within the timeout throws DeliveryFailed.
 */
export async function postDelivery(request: DeliveryRequest): Promise<number> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Bulwark-Audit-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(request.secret, request.body, request.nowSeconds),
        [EVENT_IDS_HEADER]: request.eventIds.join(','),
        [DELIVERY_ID_HEADER]: request.deliveryId,
      },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${request.timeoutMs} ms`
        : (cause ?? (error as Error).message);
    throw new DeliveryFailed(`POST failed: ${reason}`, null);
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  }
  const excerpt = await bodyExcerpt(response);
  throw new DeliveryFailed(`HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`, response.status);
}
