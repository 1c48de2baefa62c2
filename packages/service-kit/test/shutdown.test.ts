import { startTestService } from '@bulwark/testing';
import { describe, expect, it } from 'vitest';
import { buildService, closeGracefully, listenWithShutdown } from '../src/index.js';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while close() is pending, then runs onClose hooks', async () => {
    const app = await buildService({ name: 'slow', version: '1', logger: false, rateLimit: false });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const requestStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const events: string[] = [];
    app.get('/slow', { config: { public: true } }, async () => {
      started();
      await released;
      events.push('handler finished');
      return { done: true };
    });
    app.addHook('onClose', async () => {
      events.push('onClose hook');
    });
    const service = await startTestService(app);

    const inFlight = fetch(`${service.url}/slow`).then(async (response) => ({
      status: response.status,
      body: await response.json(),
    }));
    await requestStarted;
    const closing = closeGracefully(app, { timeoutMs: 10_000 }).then(() => events.push('closed'));
    // The server no longer accepts new connections while the slow request is still running.
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    expect(events).toEqual([]);

    release();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await closing;
    expect(events).toEqual(['handler finished', 'onClose hook', 'closed']);
  });

  it('cuts connections that outlive the deadline', async () => {
    const app = await buildService({ name: 'stuck', version: '1', logger: false, rateLimit: false });
    let started: () => void = () => {};
    const requestStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    app.get('/stuck', { config: { public: true } }, async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
      return 'never';
    });
    const service = await startTestService(app);
    const inFlight = fetch(`${service.url}/stuck`).then(
      () => 'answered',
      () => 'connection closed',
    );
    await requestStarted;
    await closeGracefully(app, { timeoutMs: 100 });
    expect(await inFlight).toBe('connection closed');
  });

  it('listenWithShutdown closes the app on a signal, then exits 0', async () => {
    const app = await buildService({ name: 'signals', version: '1', logger: false, rateLimit: false });
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      listenWithShutdown(app, {
        port: 0,
        host: '127.0.0.1',
        signals: ['SIGUSR2'],
        exit: (code) => {
          exitCode = code;
          resolve();
        },
      }).then(
        (url) => {
          expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
          process.emit('SIGUSR2', 'SIGUSR2');
        },
        () => resolve(),
      );
    });
    await exited;
    expect(exitCode).toBe(0);
    expect(app.server.listening).toBe(false);
  });
});
