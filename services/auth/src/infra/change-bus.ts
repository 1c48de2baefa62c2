import type { Redis } from 'ioredis';
import type { Logger } from '../context.js';
import type { RevocationMessage } from './revocation-bus.js';
import { runScript } from './redis-script.js';

/** A committed change that in-process caches of every instance must apply. */
export type Change =
  | { type: 'agent'; id: string }
  | { type: 'api_key'; id: string }
  /** Tenant settings the cached clients carry (`max_token_ttl`). */
  | { type: 'tenant'; id: string }
  | { type: 'revocation'; message: RevocationMessage };

/** See `ChangeBus.isCurrent`. */
export type Freshness = number | 'subscribed' | undefined;

interface ChangeMessage {
  seq: number;
  changes: Change[];
}

// INCR and PUBLISH in one atomic script: messages reach subscribers in sequence order, and a
// request that reads the counter knows whether its instance has applied everything up to it.
const PUBLISH_SCRIPT = `local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', KEYS[2], '{"seq":' .. seq .. ',"changes":' .. ARGV[1] .. '}')
return seq`;

const RETRY_DELAYS_MS = [250, 1000, 5000, 15_000, 30_000];

/**
 * Keeps the in-process caches (clients, API keys, revocation mirror) exactly as fresh as Postgres:
 * every change is committed first, then announced with a sequence number (`${prefix}auth:state-seq`,
 * channel `${prefix}auth:changes`). Each request reads the counter in the same Redis round trip as
 * its rate limits; `isCurrent(seq)` says whether this instance has applied every change up to it.
 * If not (a message still in flight, a lost subscription, start-up), the request reads Postgres.
 */
export class ChangeBus {
  readonly seqKey: string;
  readonly channel: string;
  /** Bumped on every applied change: a cache load that straddles one must not be stored. */
  generation = 0;
  private appliedSeq = 0;
  private synced = false;
  private resyncRound = 0;
  private subscriber: Redis | undefined;
  private readonly appliers: ((change: Change) => void)[] = [];
  private readonly resyncers: (() => Promise<void>)[] = [];

  constructor(private readonly options: { redis: Redis; prefix: string; log: Logger }) {
    this.seqKey = `${options.prefix}auth:state-seq`;
    this.channel = `${options.prefix}auth:changes`;
  }

  /** `apply` runs for each change from any instance; `resync` rebuilds state after a gap. */
  register(apply: (change: Change) => void, resync: () => Promise<void>): void {
    this.appliers.push(apply);
    this.resyncers.push(resync);
  }

  /**
   * Whether in-process state may answer: with a counter read during the request, only if every
   * change up to it is applied (exact); with `'subscribed'`, whenever the subscription is live and
   * synced (a change is then missed only while its message is in flight); without, never.
   */
  isCurrent(seq: Freshness): boolean {
    if (seq === undefined || !this.synced) return false;
    return seq === 'subscribed' || seq <= this.appliedSeq;
  }

  async start(): Promise<void> {
    const subscriber = this.options.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) =>
      this.options.log.warn({ err: error.message }, 'change bus: Redis error'),
    );
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.channel) this.receive(raw);
    });
    // A dropped subscription may have missed messages: distrust the caches until resynced.
    subscriber.on('close', () => {
      this.synced = false;
    });
    subscriber.on('ready', () => {
      if (!this.synced) void this.resync();
    });
    await this.resync();
  }

  async close(): Promise<void> {
    this.synced = false;
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  /**
   * Announces committed changes (call after COMMIT). On a Redis failure the changes are applied
   * locally and the announcement is retried in the background; other instances meanwhile rely on
   * their caches' TTL and the mirror's periodic reload (README: worst-case staleness).
   */
  async publish(changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    try {
      await this.send(changes);
    } catch (error) {
      this.options.log.error({ err: error }, 'change bus: could not announce a change; retrying');
      for (const change of changes) this.apply(change);
      void this.retry(changes, 0);
    }
  }

  private async retry(changes: Change[], attempt: number): Promise<void> {
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    await this.send(changes).catch(() => this.retry(changes, attempt + 1));
  }

  private send(changes: Change[]): Promise<unknown> {
    return runScript(
      this.options.redis,
      PUBLISH_SCRIPT,
      [this.seqKey, this.channel],
      [JSON.stringify(changes)],
    );
  }

  private receive(raw: string): void {
    let message: ChangeMessage;
    try {
      message = JSON.parse(raw) as ChangeMessage;
    } catch {
      return;
    }
    if (typeof message.seq !== 'number' || !Array.isArray(message.changes)) return;
    for (const change of message.changes) this.apply(change);
    this.appliedSeq = Math.max(this.appliedSeq, message.seq);
  }

  private apply(change: Change): void {
    this.generation++;
    for (const apply of this.appliers) {
      try {
        apply(change);
      } catch (error) {
        this.options.log.error({ err: error }, 'change bus: applying a change failed');
      }
    }
  }

  /**
   * Subscribed first, then the counter read, then state rebuilt from Postgres: every change up to
   * that counter was committed before it was counted, so the rebuild includes it; later ones arrive
   * as messages (appliers buffer what arrives during a rebuild).
   */
  private async resync(): Promise<void> {
    const round = ++this.resyncRound;
    this.synced = false;
    try {
      await this.subscriber?.subscribe(this.channel);
      const seq = Number((await this.options.redis.get(this.seqKey)) ?? 0);
      this.generation++;
      for (const resync of this.resyncers) await resync();
      if (round !== this.resyncRound || !this.subscriber) return;
      this.appliedSeq = Math.max(this.appliedSeq, seq);
      this.synced = true;
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'change bus: resync failed; retrying');
      if (round === this.resyncRound && this.subscriber) {
        setTimeout(() => void this.resync(), 1000).unref();
      }
    }
  }
}
