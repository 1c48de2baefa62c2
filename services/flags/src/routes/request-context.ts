import { actorOf } from '@bulwark/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Ctx, FlagsDeps } from '../domain/context.js';

export function ctxFor(deps: FlagsDeps, request: FastifyRequest): Ctx {
  return { ...deps, actor: actorOf(request), requestId: request.id };
}
