import { systemClock } from '@bulwark/core';
import { actorOf } from '@bulwark/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { WriteContext } from '../domain/write-context.js';

/** The write context of an authenticated request: who, which request, from where. */
export function writeContextOf(request: FastifyRequest, pool: Pool): WriteContext {
  return {
    pool,
    actor: actorOf(request),
    requestId: request.id,
    source: { ip: request.ip ?? null, user_agent: request.headers['user-agent'] ?? null },
    clock: systemClock,
  };
}
