import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves a fixed Unleash client state the way Unleash does (`/api/client/features`, or
 * `/api/client/delta` for delta states), so FlagEngine polls it exactly as it polls the embedded
 * Unleash in production. Used where booting a real Unleash per case would add nothing but minutes.
 */
export interface StateServer {
  url: string;
  setState(state: unknown): void;
  close(): Promise<void>;
}

export async function startStateServer(): Promise<StateServer> {
  let state: unknown = { version: 2, features: [] };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const body = path.endsWith('/client/delta')
      ? { events: (state as { events?: unknown[] }).events ?? [] }
      : path.endsWith('/client/features')
        ? state
        : undefined;
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/unleash`,
    setState(next) {
      state = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
