import { readLines } from '../audit/audit-client.js';
import type { HttpClient } from '../http.js';
import type { RevocationEvent, RevocationList } from './revocation-list.js';

export interface RevocationFeedOptions {
  /** Poll interval when auth has no SSE stream (or it broke). Default 1,000 ms, to apply within 1 s. */
  pollIntervalMs?: number;
  /** Called on transport errors; the feed keeps reconnecting/polling. */
  onError?: (error: unknown) => void;
}

export interface RevocationFeed {
  /** `sse` while the stream is connected, `poll` while polling the snapshot. */
  readonly mode: 'sse' | 'poll' | 'closed';
  /** Resolves after the first snapshot (or first stream message) was applied. */
  readonly ready: Promise<void>;
  close(): void;
}

interface SnapshotRow {
  kind?: unknown;
  value?: unknown;
  not_before?: unknown;
  expires_at?: unknown;
  exp?: unknown;
}

/** Accepts a contract message (`{kind, value, not_before?, exp?}`) or a snapshot row from `/v1/revocations`. */
export function toRevocationEvent(row: SnapshotRow): RevocationEvent | undefined {
  if (typeof row.value !== 'string') return undefined;
  if (row.kind !== 'jti' && row.kind !== 'agent' && row.kind !== 'user' && row.kind !== 'tenant')
    return undefined;
  const event: RevocationEvent = { kind: row.kind, value: row.value };
  if (typeof row.not_before === 'number') event.not_before = row.not_before;
  if (typeof row.exp === 'number') event.exp = row.exp;
  else if (typeof row.expires_at === 'string') event.exp = Math.floor(Date.parse(row.expires_at) / 1000);
  return event;
}

function applyPayload(list: RevocationList, payload: unknown): void {
  const rows = Array.isArray(payload)
    ? payload
    : typeof payload === 'object' && payload !== null && Array.isArray((payload as { data?: unknown }).data)
      ? (payload as { data: unknown[] }).data
      : [payload];
  for (const row of rows) {
    const event = typeof row === 'object' && row !== null ? toRevocationEvent(row as SnapshotRow) : undefined;
    if (event) list.apply(event);
  }
}

/**
 * Keeps a verifier's revocation list current from auth. Prefers the server-sent event stream
 * `GET /v1/revocations/stream` (auth pushes each revocation as it is committed); if auth does not
 * serve it (404) or it drops, it polls the `GET /v1/revocations` snapshot every `pollIntervalMs` and
 * retries the stream every 30 s. Either way a revocation is applied within about a second.
 * The credential needs `auth:read`.
 */
export function connectRevocationFeed(
  http: HttpClient,
  list: RevocationList,
  options: RevocationFeedOptions = {},
): RevocationFeed {
  const pollMs = options.pollIntervalMs ?? 1000;
  const controller = new AbortController();
  let mode: RevocationFeed['mode'] = 'poll';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const poll = async () => {
    try {
      applyPayload(
        list,
        await http.request<unknown>({ method: 'GET', path: '/v1/revocations', query: { limit: 200 } }),
      );
      list.prune();
      markReady();
    } catch (error) {
      options.onError?.(error);
    }
  };

  const startPolling = () => {
    mode = 'poll';
    if (pollTimer) return;
    void poll();
    pollTimer = setInterval(() => void poll(), pollMs);
    (pollTimer as { unref?: () => void }).unref?.();
  };

  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const stream = async () => {
    try {
      const response = await http.stream({
        path: '/v1/revocations/stream',
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      mode = 'sse';
      stopPolling();
      // The stream starts from now: read the snapshot once so earlier revocations apply too.
      await poll();
      let data = '';
      for await (const line of readLines(response)) {
        if (line.startsWith('data:')) data += line.slice(5).trimStart();
        else if (line === '' || line.startsWith('event:') || line.startsWith('id:') || line.startsWith(':')) {
          if (data) {
            try {
              applyPayload(list, JSON.parse(data));
            } catch (error) {
              options.onError?.(error);
            }
            data = '';
          }
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      if ((error as { status?: number }).status !== 404) options.onError?.(error);
    }
    if (controller.signal.aborted) return;
    startPolling();
    retryTimer = setTimeout(() => void stream(), 30_000);
    (retryTimer as { unref?: () => void }).unref?.();
  };

  void stream();
  return {
    get mode() {
      return mode;
    },
    ready,
    close() {
      mode = 'closed';
      controller.abort();
      stopPolling();
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
