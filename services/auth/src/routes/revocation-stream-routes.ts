import type { ServerResponse } from 'node:http';
import { bearerCredential, InvalidTokenError } from '@bulwark/service-kit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../context.js';
import { revocationSnapshot, type SnapshotEntry } from '../db/revocations-sql.js';
import { resolveBearer } from '../domain/resolve-credential.js';
import type { RevocationMessage } from '../infra/revocation-bus.js';
import type { RevocationFeed } from '../infra/revocation-feed.js';
import { ProblemSchema } from './schemas.js';

/** The docs/contracts.md message shape, exactly (the internal tenant_id stays internal). */
type ContractMessage = { kind: string; value: string; not_before?: number; exp?: number };

function contractShape(message: RevocationMessage): ContractMessage {
  return message.kind === 'jti'
    ? { kind: 'jti', value: message.value, exp: message.exp }
    : { kind: message.kind, value: message.value, not_before: message.not_before };
}

function fromSnapshot(entry: SnapshotEntry): ContractMessage {
  return entry.kind === 'jti'
    ? { kind: 'jti', value: entry.value, exp: entry.at }
    : { kind: entry.kind, value: entry.value, not_before: entry.at };
}

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `GET /v1/revocations/stream` — Server-Sent Events for verifiers that have no Redis (the SDK):
 * a `snapshot` event (everything in force for the caller's tenant, from Postgres), then one
 * `revocation` event per new revocation, and `heartbeat` events. Live messages that arrive while the
 * snapshot is read are buffered and sent after it, so nothing falls in between. A reconnecting client
 * simply gets a fresh snapshot (state only grows, so re-applying is harmless).
 */
export function revocationStreamRoutes(app: FastifyInstance, deps: AuthDeps, feed: RevocationFeed): void {
  const open = new Set<ServerResponse>();
  // SSE sockets are never idle, so a graceful close would wait for them forever: end them first.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
    open.clear();
  });

  app.get(
    '/v1/revocations/stream',
    {
      // Any live credential of a tenant may follow that tenant's revocations (verifiers hold tokens
      // with arbitrary scopes); the check runs in the handler, so the kit sees the route as public.
      config: { public: true },
      schema: {
        summary: "Server-Sent Events stream of this tenant's revocations (snapshot, then live)",
        description:
          'Authenticate with any API key or access token of the tenant. Events: `snapshot` ' +
          '(`{"revocations":[…]}`), `revocation` (`{kind, value, not_before?, exp?}`, docs/contracts.md), ' +
          '`heartbeat` (`{"time": epoch seconds}`).',
        tags: ['revocations'],
        security: [{ bearer: [] }],
        response: {
          200: {
            description: 'An event stream (never ends on its own).',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          401: {
            description: 'Missing, invalid, expired or revoked credential.',
            content: { 'application/problem+json': { schema: ProblemSchema } },
          },
        },
      },
    },
    async (request, reply) => {
      const resolved = await resolveBearer(deps, bearerCredential(request.headers.authorization));
      if (!resolved) {
        throw new InvalidTokenError(
          'The bearer credential is invalid, expired or revoked; use an active API key or token.',
        );
      }
      const tenantId = resolved.actor.tenantId;
      const raw = reply.raw;
      const buffered: RevocationMessage[] = [];
      let live = false;
      const stop = feed.listen((message) => {
        if (message.tenant_id !== tenantId) return;
        if (live) raw.write(sseEvent('revocation', contractShape(message)));
        else buffered.push(message);
      });
      let snapshot: SnapshotEntry[];
      try {
        snapshot = await revocationSnapshot(deps.pool, tenantId);
      } catch (error) {
        stop();
        throw error;
      }
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      raw.write('retry: 2000\n\n');
      raw.write(sseEvent('snapshot', { revocations: snapshot.map(fromSnapshot) }));
      for (const message of buffered) raw.write(sseEvent('revocation', contractShape(message)));
      live = true;
      open.add(raw);
      const heartbeat = setInterval(
        () => raw.write(sseEvent('heartbeat', { time: deps.clock.nowSeconds() })),
        deps.config.streamHeartbeatSeconds * 1000,
      );
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stop();
        open.delete(raw);
      });
    },
  );
}
