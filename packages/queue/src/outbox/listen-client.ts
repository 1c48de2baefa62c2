import pg from 'pg';
import { errorMessage, type RelayLog } from './log.js';

export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * A dedicated connection (LISTEN cannot share a pooled one) that calls `onWake` on every NOTIFY
 * and after every (re)connect, since notifications sent while it was down are lost. On error or
 * end it reconnects with capped backoff; the relay's poll covers the gap meanwhile.
 */
export function listenForOutbox(options: {
  connectionString: string;
  channel: string;
  onWake: () => void;
  log: RelayLog;
  maxBackoffMs?: number;
}): OutboxListener {
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  let closed = false;
  let client: pg.Client | undefined;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || retryTimer !== undefined) return;
    const delay = Math.min(maxBackoffMs, 250 * 2 ** Math.min(failures, 10));
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
  };

  const drop = (current: pg.Client, reason: string) => {
    if (client !== current) return;
    client = undefined;
    current.removeAllListeners('notification');
    current.end().catch(() => undefined);
    if (!closed) {
      options.log.warn({ reason }, 'outbox LISTEN connection lost; reconnecting');
      scheduleReconnect();
    }
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({ connectionString: options.connectionString, keepAlive: true });
    next.on('error', (error) => drop(next, errorMessage(error)));
    next.on('end', () => drop(next, 'connection ended'));
    next.on('notification', () => options.onWake());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
      if (closed) {
        await next.end();
        return;
      }
      failures = 0;
      options.onWake();
    } catch (error) {
      drop(next, errorMessage(error));
    }
  }

  void connect();

  return {
    async close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      if (current) await current.end().catch(() => undefined);
    },
  };
}
