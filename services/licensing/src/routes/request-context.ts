import type { FastifyRequest } from 'fastify';
import type { Ctx, LicensingDeps } from '../domain/context.js';

export function ctxFor(deps: LicensingDeps, request: FastifyRequest): Ctx {
  return { ...deps, actor: request.actor, requestId: request.id, log: request.log };
}
