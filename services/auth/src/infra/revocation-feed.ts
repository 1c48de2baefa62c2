import type { Redis } from 'ioredis';
import type { Logger } from '../context.js';
import type { RevocationMessage } from './revocation-bus.js';

export type FeedListener = (message: RevocationMessage) => void;

/**
 * One Redis subscription per process to `${prefix}revocations`, fanned out to SSE clients in memory,
 * so a thousand subscribed SDK verifiers cost one Redis connection rather than a thousand. Every
 * instance publishes to the same channel, so a stream on any instance sees revocations made on all.
 */
export class RevocationFeed {
  private readonly listeners = new Set<FeedListener>();
  private subscriber: Redis | undefined;
  readonly channel: string;

  constructor(private readonly options: { redis: Redis; prefix: string; log: Logger }) {
    this.channel = `${options.prefix}revocations`;
  }

  async start(): Promise<void> {
    const subscriber = this.options.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) =>
      this.options.log.warn({ err: error.message }, 'revocation feed: Redis error'),
    );
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const message = parse(raw);
      if (!message) return;
      for (const listener of this.listeners) listener(message);
    });
    await subscriber.subscribe(this.channel);
  }

  /** Returns the unsubscribe function. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriber?.disconnect();
  }
}

function parse(raw: string): RevocationMessage | undefined {
  try {
    const value = JSON.parse(raw) as Partial<RevocationMessage>;
    if (typeof value.kind !== 'string' || typeof value.value !== 'string') return undefined;
    if (typeof value.tenant_id !== 'string') return undefined;
    return value as RevocationMessage;
  } catch {
    return undefined;
  }
}
