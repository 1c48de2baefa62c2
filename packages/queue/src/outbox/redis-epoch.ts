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
 * Records `loss` for `key` unless a later one is already pending: re-sending everything before the
 * later cut-off covers both. Cut-offs are `databaseNow` texts, which compare as strings.
 */
export function keepLaterLoss<K>(pending: Map<K, EpochLoss>, key: K, loss: EpochLoss): void {
  const earlier = pending.get(key);
  if (!earlier || earlier.before < loss.before) pending.set(key, loss);
}

/**
 * The cut-off a sentinel value carries; undefined for a bare id (not stamped yet by its winner, or
 * written before cut-offs were stored).
 */
export function epochCutoff(value: string): string | undefined {
  const separator = value.indexOf('|');
  return separator > 0 ? value.slice(separator + 1) : undefined;
}

/** The epoch's identity: the value without its cut-off. */
function epochId(value: string): string {
  const separator = value.indexOf('|');
  return separator > 0 ? value.slice(0, separator) : value;
}

/** Appends the cut-off only to the winner's own bare id: never to a later epoch that replaced it. */
const STAMP_CUTOFF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2]) end
return false`;

/**
 * Notices that Redis lost its contents (a restart without persistence, a FLUSHALL, a failover to an
 * empty replica). Per topic, a sentinel key holds a random epoch id and the cut-off of the relay that
 * set it (`<uuid>|<Postgres time>`). The relay remembers the value it saw; if the key is gone, or
 * another relay replaced it (it saw the loss first), everything this relay enqueued before may be
 * gone with it. One MGET per check.
 *
 * - First sight, key present: adopt it (the data is from before this relay started; not ours to judge).
 * - Key missing: capture the time, then `SET NX` a new epoch (its id alone). The relay whose SET wins
 *   reports the loss with the time captured before the SET, then reads the time again and stamps it
 *   on the sentinel (`<uuid>|<time>`, only if the sentinel still holds its id). A relay that loses the
 *   race at start-up adopts the winner's value without reporting: it has enqueued nothing yet, and the
 *   winner's report covers older rows.
 * - A relay that had an epoch and finds it replaced (or loses the SET NX race) reports the loss with
 *   the **winner's** stamped cut-off: its own last batch may have gone into the old Redis and committed
 *   after the winner's reset ran, and that batch was dispatched before the winner's cut-off. Rows the
 *   winner already re-sent carry a later dispatch time, so they are not sent a third time. The stamp
 *   is read after the SET, because only that is sure to follow the loss of the epoch being replaced:
 *   a time read before it may predate an epoch that was set, used and lost while the winner stalled
 *   between its read and its SET. Until the stamp lands (or if the winner dies first), the sentinel
 *   holds a bare id and the relay uses its own detection time.
 * - Epochs are compared by id (the part before `|`): stamping does not replace an epoch.
 */
export class RedisEpochs {
  /** Per topic, the epoch id last seen. */
  private readonly known = new Map<string, string>();
  /** Losses detected and not yet returned to a caller (see `check`). */
  private unreported = new Map<string, EpochLoss>();
  /** The check in progress, if any: the next one starts after it (see `check`). */
  private previous: Promise<unknown> = Promise.resolve();

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
   * A loss found by a check that then fails (a later topic's command errs) or whose caller gave up on
   * it (`abandoned`: the relay's timeout) is kept and returned by the next check: the epoch is already
   * remembered, so the next check would not find that loss again.
   *
   * Checks of one instance run one at a time (a relay's loop, `drain()` and the Redis `ready` handler
   * may all ask at once). Overlapping, a check that read "no epoch yet" before another set one could,
   * after its own awaits, adopt an epoch set later by some other relay as if it were the first it saw,
   * and so silently drop the loss of everything enqueued under the epoch in between.
   */
  check(databaseNow: () => Promise<string>, abandoned?: AbortSignal): Promise<Map<string, EpochLoss>> {
    const run = this.previous.then(() => this.checkAlone(databaseNow, abandoned));
    this.previous = run.catch(() => undefined);
    return run;
  }

  private async checkAlone(
    databaseNow: () => Promise<string>,
    abandoned: AbortSignal | undefined,
  ): Promise<Map<string, EpochLoss>> {
    await this.detect(databaseNow);
    if (abandoned?.aborted) return new Map();
    const lost = this.unreported;
    this.unreported = new Map();
    for (const [topic, loss] of lost) {
      this.log.warn(
        { topic, reason: loss.reason, epoch: this.known.get(topic) },
        `Redis epoch sentinel ${loss.reason}: Redis is new or lost its contents; re-sending what was recently sent to "${topic}"`,
      );
    }
    return lost;
  }

  /** Compares the sentinels with the remembered epochs; every loss goes into `unreported` at once. */
  private async detect(databaseNow: () => Promise<string>): Promise<void> {
    const keys = this.topics.map((topic) => epochKey(this.prefix, topic));
    const values = await this.redis.mget(...keys);
    let now: string | undefined;
    for (const [index, topic] of this.topics.entries()) {
      const current = values[index] ?? null;
      const remembered = this.known.get(topic);
      if (current !== null && epochId(current) === remembered) continue;
      if (current !== null && remembered === undefined) {
        this.known.set(topic, epochId(current));
        continue;
      }
      now ??= await databaseNow();
      if (current !== null) {
        this.known.set(topic, epochId(current));
        this.report(topic, { before: epochCutoff(current) ?? now, reason: 'changed' });
        continue;
      }
      const key = epochKey(this.prefix, topic);
      const fresh = randomUUID();
      if ((await this.redis.set(key, fresh, 'NX')) === 'OK') {
        this.known.set(topic, fresh);
        this.report(topic, { before: now, reason: 'missing' });
        // Without the stamp others use their own (later) detection time: more re-sent, nothing lost.
        const stamped = `${fresh}|${await databaseNow()}`;
        await this.redis.eval(STAMP_CUTOFF, 1, key, fresh, stamped);
        continue;
      }
      const adopted = await this.redis.get(key);
      if (adopted === null) continue; // deleted again in between: the next check decides
      this.known.set(topic, epochId(adopted));
      if (remembered !== undefined)
        this.report(topic, { before: epochCutoff(adopted) ?? now, reason: 'missing' });
    }
  }

  private report(topic: string, loss: EpochLoss): void {
    keepLaterLoss(this.unreported, topic, loss);
  }
}
