/**
 * Worker-thread entry of the outbox relay (`relay-thread.ts`): its own pool and Redis connection,
 * the unchanged `startOutboxRelay`, log lines posted to the main thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPool } from '@bulwark/db';
import { type RelayLog, redisConnection, startOutboxRelay } from '@bulwark/queue';
import type { RelayThreadData, RelayThreadMessage } from './relay-thread.js';

const port = parentPort;
if (!port) throw new Error('relay-worker.ts runs as a worker thread (see relay-thread.ts).');
const data = workerData as RelayThreadData;
const post = (message: RelayThreadMessage) => port.postMessage(message);
/** Log fields made cloneable (errors become their messages). */
const plain = (obj: object): object =>
  JSON.parse(JSON.stringify(obj, (_key, value: unknown) => (value instanceof Error ? value.message : value)));
const log: RelayLog = {
  info: (obj, msg) => post({ type: 'log', level: 'info', obj: plain(obj), msg }),
  warn: (obj, msg) => post({ type: 'log', level: 'warn', obj: plain(obj), msg }),
  error: (obj, msg) => post({ type: 'log', level: 'error', obj: plain(obj), msg }),
};
const pool = createPool({
  connectionString: data.databaseUrl,
  applicationName: 'bulwark-auth-relay',
  max: 4,
});
const redis = redisConnection(data.redisUrl);
const relay = startOutboxRelay({
  pool,
  connectionString: data.databaseUrl,
  connection: redis,
  prefix: data.prefix,
  log,
});
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  void (async () => {
    try {
      await relay.stop();
    } finally {
      await pool.end().catch(() => undefined);
      redis.disconnect();
      post({ type: 'stopped', dispatched: relay.stats.dispatched });
      port.close();
    }
  })();
});
