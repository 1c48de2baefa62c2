import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RelayLog } from './log.js';

/** Where the sentinel of `topic` lives: next to (not inside) BullMQ's `${prefix}bull` keys. */
export function epochKey(prefix: string, topic: string): string {
  return `${prefix}outbox:epoch:${topic}`;
}

export interface EpochLoss {
  /** Postgres time at detection: rows dispatched before it may only have lived in the lost Redis. */
  before: string;
  reason: 'missing' | 'changed';
}

/**
 * Notices that Redis lost its contents (a restart without persistence, a FLUSHALL, a failover to an
 * empty replica). Per topic, a sentinel key holds a random epoch id and the cut-off of the relay that
 * set it (`<uuid>|<Postgres time>`). The relay remembers the value it saw; if the key is gone, or
 * another relay replaced it (it saw the loss first), everything this relay enqueued before may be
 * gone with it. One MGET per check.
 *
 * - First sight, key present: adopt it (the data is from before this relay started; not ours to judge).
 * - Key missing: capture the time, then `SET NX` a new epoch. The relay whose SET wins reports the
 *   loss with its own cut-off. A relay that loses the race at start-up adopts the winner's value
 *   without reporting: it has enqueued nothing yet, and the winner's report covers older rows.
 * - A relay that had an epoch and finds it replaced (or loses the SET NX race) reports the loss with
 *   the **winner's** cut-off: its own last batch may have gone into the old Redis and committed after
 *   the winner's reset ran, and that batch was dispatched before the winner's cut-off. Rows the winner
 *   already re-sent carry a later dispatch time, so they are not sent a third time.
 */
/** The cut-off a sentinel value carries; undefined for a bare id (written before cut-offs were stored). */
export function epochCutoff(value: string): string | undefined {
  const separator = value.indexOf('|');
  return separator > 0 ? value.slice(separator + 1) : undefined;
}

export class RedisEpochs {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly topics: readonly string[],
    private readonly log: RelayLog,
  ) {}

  /** True once an epoch is known for every topic (after the first successful check). */
  get established(): boolean {
    return this.topics.every((topic) => this.known.has(topic));
  }

  /**
   * Returns the topics whose Redis contents were lost since the last check. `databaseNow` is read
   * before any SET, so a concurrently starting relay's dispatches (which follow the SET) are after it.
   */
  async check(databaseNow: () => Promise<string>): Promise<Map<string, EpochLoss>> {
    const keys = this.topics.map((topic) => epochKey(this.prefix, topic));
    const values = await this.redis.mget(...keys);
    const lost = new Map<string, EpochLoss>();
    let now: string | undefined;
    for (const [index, topic] of this.topics.entries()) {
      const current = values[index] ?? null;
      const remembered = this.known.get(topic);
      if (current !== null && current === remembered) continue;
      if (current !== null && remembered === undefined) {
        this.known.set(topic, current);
        continue;
      }
      now ??= await databaseNow();
      if (current !== null) {
        this.known.set(topic, current);
        lost.set(topic, { before: epochCutoff(current) ?? now, reason: 'changed' });
        continue;
      }
      const fresh = `${randomUUID()}|${now}`;
      const won = (await this.redis.set(epochKey(this.prefix, topic), fresh, 'NX')) === 'OK';
      const adopted = won ? fresh : await this.redis.get(epochKey(this.prefix, topic));
      if (adopted === null) continue; // deleted again in between: the next check decides
      this.known.set(topic, adopted);
      if (won) lost.set(topic, { before: now, reason: 'missing' });
      else if (remembered !== undefined)
        lost.set(topic, { before: epochCutoff(adopted) ?? now, reason: 'missing' });
    }
    for (const [topic, loss] of lost) {
      this.log.warn(
        { topic, reason: loss.reason, epoch: this.known.get(topic) },
        `Redis epoch sentinel ${loss.reason}: Redis is new or lost its contents; re-sending what was recently sent to "${topic}"`,
      );
    }
    return lost;
  }
}
