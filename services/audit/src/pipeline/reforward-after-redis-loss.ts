import type { AuditEvent } from '@bulwark/core';
import {
  databaseNow,
  type EpochLoss,
  errorMessage,
  keepLaterLoss,
  RedisEpochs,
  type RelayLog,
} from '@bulwark/queue';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';

/**
 * What the worker forwards after storing lives only in Redis: metering envelopes (until billing
 * consumes them) and webhook deliveries (until they succeed or die). Redis runs without persistence,
 * so a restart loses them, and no outbox row remembers them. This loop keeps an epoch sentinel per
 * forward (the relay's mechanism, `@bulwark/queue` redis-epoch.ts) and, when one vanishes or changes,
 * forwards again every event stored within that forward's window before the loss was noticed, read
 * back from `audit_events` (BRIN index on stored_at, migration 0007). Billing's ledger dedupes by
 * event id; sink receivers dedupe by `Bulwark-Event-Ids` (delivery is at least once by contract).
 */
export type ForwardTopic = 'metering' | 'webhooks';

export interface ReforwardOptions {
  pool: Pool;
  connection: Redis;
  redisPrefix: string;
  /** How far back each forward is replayed: how long its jobs can legitimately sit in Redis. */
  windowMs: Record<ForwardTopic, number>;
  checkIntervalMs: number;
  forward: Record<ForwardTopic, (events: readonly AuditEvent[]) => Promise<unknown>>;
  log: RelayLog;
  pageSize?: number;
}

export interface Reforwarder {
  /** One sentinel check, and the replay of whatever loss it (or an earlier failed run) found. */
  checkNow(): Promise<void>;
  readonly stats: { losses: number; replayed: Record<ForwardTopic, number> };
  stop(): Promise<void>;
}

const SENTINELS: Record<ForwardTopic, string> = {
  metering: 'audit-forward-metering',
  webhooks: 'audit-forward-webhooks',
};

interface StoredRow {
  id: string;
  stored_at: string;
  event: AuditEvent;
}

export function startRedisLossReforward(options: ReforwardOptions): Reforwarder {
  const pageSize = options.pageSize ?? 1000;
  const topics = Object.keys(SENTINELS) as ForwardTopic[];
  const epochs = new RedisEpochs(
    options.connection,
    options.redisPrefix,
    topics.map((topic) => SENTINELS[topic]),
    options.log,
  );
  const pending = new Map<ForwardTopic, EpochLoss>();
  const stats = { losses: 0, replayed: { metering: 0, webhooks: 0 } };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function replay(topic: ForwardTopic, loss: EpochLoss): Promise<void> {
    let cursor: { storedAt: string; id: string } | undefined;
    for (;;) {
      const { rows } = await options.pool.query<StoredRow>(
        `SELECT id, stored_at::text AS stored_at, event FROM audit_events
          WHERE stored_at >= $1::timestamptz - make_interval(secs => $2::double precision / 1000)
            AND stored_at < $1::timestamptz
            AND ($3::timestamptz IS NULL OR (stored_at, id) > ($3::timestamptz, $4::uuid))
          ORDER BY stored_at, id
          LIMIT $5`,
        [loss.before, options.windowMs[topic], cursor?.storedAt ?? null, cursor?.id ?? null, pageSize],
      );
      if (rows.length > 0) await options.forward[topic](rows.map((row) => row.event));
      stats.replayed[topic] += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      cursor = { storedAt: last.stored_at, id: last.id };
    }
  }

  async function checkOnce(): Promise<void> {
    const lost = await epochs.check(() => databaseNow(options.pool));
    for (const topic of topics) {
      const loss = lost.get(SENTINELS[topic]);
      if (!loss) continue;
      stats.losses++;
      keepLaterLoss(pending, topic, loss);
    }
    for (const [topic, loss] of pending) {
      const before = stats.replayed[topic];
      await replay(topic, loss);
      pending.delete(topic);
      options.log.warn(
        {
          topic,
          replayed: stats.replayed[topic] - before,
          window_ms: options.windowMs[topic],
          before: loss.before,
        },
        `Redis is new or lost its contents: events stored before were forwarded to "${topic}" again`,
      );
    }
  }

  let busy = false;
  const checkNow = () => {
    if (busy) return running; // a tick while a replay runs: that run covers it
    busy = true;
    running = checkOnce()
      .catch((error: unknown) => {
        // A failed replay stays pending and runs again at the next check.
        options.log.warn(
          { err: errorMessage(error) },
          'audit forward re-check after a Redis loss failed; will retry',
        );
      })
      .finally(() => {
        busy = false;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void checkNow();
  }, options.checkIntervalMs);
  timer.unref();
  const onReady = () => void checkNow();
  options.connection.on('ready', onReady);
  void checkNow();

  return {
    checkNow,
    stats,
    async stop() {
      stopped = true;
      clearInterval(timer);
      options.connection.off('ready', onReady);
      await running;
    },
  };
}
