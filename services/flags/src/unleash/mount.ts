import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { UNLEASH_BASE_PATH } from './embedded-unleash.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function isUnleashPath(url: string | undefined): boolean {
  if (!url) return false;
  return (
    url === UNLEASH_BASE_PATH ||
    url.startsWith(`${UNLEASH_BASE_PATH}/`) ||
    url.startsWith(`${UNLEASH_BASE_PATH}?`)
  );
}

/**
 * Serves Unleash's express app under `/unleash` on the service's own port. Requests are split before
 * fastify sees them, so Unleash's UI and APIs keep their own headers, CSP and auth, and fastify's
 * plugins (helmet, rate limit, body parsing) never touch them. The rest goes to fastify unchanged.
 */
export function mountUnleash(server: Server, unleash: { handle: Handler }): void {
  const fastifyHandlers = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (isUnleashPath(request.url)) {
      unleash.handle(request, response);
      return;
    }
    for (const handler of fastifyHandlers) handler(request, response);
  });
}
