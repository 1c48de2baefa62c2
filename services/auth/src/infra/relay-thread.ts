import { Worker } from 'node:worker_threads';
import type { Logger } from '../context.js';
import { tsWorkerBootstrap } from './ts-worker.js';

const STOP_GRACE_MS = 2000;
const RESTART_DELAY_MS = 1000;

const BOOTSTRAP = tsWorkerBootstrap(new URL('./relay-worker.ts', import.meta.url));

export interface RelayThreadData {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
}

export type RelayThreadMessage =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; obj: object; msg?: string | undefined }
  | { type: 'stopped'; dispatched: number };

export interface RelayThread {
  /** Finishes the relay's batch in flight, closes its connections and ends the thread. */
  stop(): Promise<void>;
}

/**
 * The outbox relay (`@bulwark/queue`'s `startOutboxRelay`, unchanged) on its own worker thread with
 * its own pool and Redis connection. In process it shared the event loop with the token endpoint:
 * claiming rows, parsing their JSON, building BullMQ jobs and marking rows dispatched took ~10 % of
 * the loop's time under load. On a thread it runs beside the loop (another core when there is one).
 * Delivery guarantees are the relay's own and do not change: rows are durable before any response,
 * and the relay moves them at least once.
 */
export function startRelayThread(data: RelayThreadData, log: Logger): RelayThread {
  let stopping = false;
  let current = spawn();

  function spawn(): { worker: Worker; exited: Promise<void>; stopped: Promise<void> } {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
    let markStopped: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      markStopped = resolve;
    });
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        resolve();
        if (stopping) return;
        // The relay must not silently stop while the service takes audit events: start it again.
        log.error({ code }, 'outbox relay thread ended unexpectedly; restarting it in 1 s');
        setTimeout(() => {
          if (!stopping) current = spawn();
        }, RESTART_DELAY_MS).unref();
      });
    });
    worker.on('message', (message: RelayThreadMessage) => {
      if (message.type === 'log') log[message.level](message.obj, message.msg);
      else if (message.type === 'stopped') markStopped();
    });
    worker.on('error', (error: Error) => log.error({ err: error.message }, 'outbox relay thread failed'));
    return { worker, exited, stopped };
  }

  return {
    async stop() {
      stopping = true;
      const { worker, exited, stopped } = current;
      worker.postMessage('stop');
      await Promise.race([stopped, exited]);
      // Stopped and disconnected: the thread ends by itself; never wait on it for long.
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
