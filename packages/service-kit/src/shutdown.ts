import type { FastifyInstance } from 'fastify';

export interface CloseOptions {
  /** How long in-flight requests may take before their connections are cut (default 10 s). */
  timeoutMs?: number;
}

/**
 * Stops accepting connections, lets in-flight requests finish, then runs onClose hooks (pools, Redis).
 * Past the deadline the remaining connections are destroyed so the process can still exit in time
 * for the orchestrator (Kubernetes sends SIGKILL after terminationGracePeriodSeconds).
 */
export async function closeGracefully(app: FastifyInstance, options: CloseOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const closing = app.close();
  // server.close() drops idle keep-alive sockets only once, at its start; a socket whose request
  // finishes later would linger until keepAliveTimeout, so keep sweeping until the server is closed.
  const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
  const outcome = await Promise.race([closing.then(() => 'closed' as const), deadline]);
  clearTimeout(timer);
  clearInterval(sweeper);
  if (outcome === 'timeout') {
    app.log.warn({ timeoutMs }, 'graceful shutdown deadline passed; closing remaining connections');
    app.server.closeAllConnections();
    await closing;
  }
}

export interface ListenOptions extends CloseOptions {
  port: number;
  host?: string;
  signals?: NodeJS.Signals[];
  /** Called after a signal-triggered close (default `process.exit`). */
  exit?: (code: number) => void;
}

/** For `server.ts`: listen, and on SIGTERM/SIGINT close gracefully once, then exit. */
export async function listenWithShutdown(app: FastifyInstance, options: ListenOptions): Promise<string> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    closeGracefully(app, options).then(
      () => exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.once(signal, onSignal);
  return app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
}
