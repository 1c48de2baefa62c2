import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@bulwark/testing';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  readonly url: string;
  /** SIGKILLs the server: without persistence, everything it held is gone. */
  kill(): Promise<void>;
  /** Starts a new, empty server on the same port. */
  start(): Promise<void>;
  /** Stops the server if it runs (afterAll). */
  close(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free port, with no RDB or AOF, so a kill really loses its
 * contents. The shared Redis (6379) is never touched by the faults this makes.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const next = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
      { stdio: 'ignore' },
    );
    child = next;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (next.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${next.exitCode}`);
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not listening yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await sleep(50);
    }
  }

  async function kill(): Promise<void> {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  }

  await start();
  return { url, kill, start, close: kill };
}
