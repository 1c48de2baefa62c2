import { type Actor, hasScope, InsufficientScopeError, UnauthenticatedError } from '@bulwark/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthDeps } from '../context.js';
import { type ResolvedCredential, resolveBearer } from '../domain/resolve-credential.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    credential: ResolvedCredential | undefined;
  }
  interface FastifyContextConfig {
    /** Scope the route requires (checked after authentication). */
    scope?: string;
    /** The route needs no bearer credential (it may authenticate its own way). */
    public?: boolean;
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Every route either declares `config.public` or gets a bearer credential (API key or access
 * token) resolved into `request.actor`, then its `config.scope` checked. A route without either is
 * refused at registration, so nothing is accidentally open.
 */
export function installAuthentication(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('credential', undefined);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { scope?: string; public?: boolean };
    if (!config.public && !config.scope && !route.url.startsWith('/docs') && route.method !== 'HEAD') {
      throw new Error(`Route ${route.method} ${route.url} must declare config.scope or config.public.`);
    }
  });
  app.addHook('preHandler', async (request) => {
    const config = request.routeOptions.config as { scope?: string; public?: boolean };
    if (config.public || !config.scope) return;
    const token = bearerOf(request);
    if (!token) throw new UnauthenticatedError();
    const credential = await resolveBearer(deps, token);
    if (!credential) throw new UnauthenticatedError('The bearer credential is invalid, expired or revoked.');
    request.credential = credential;
    request.actor = credential.actor;
    if (!hasScope(credential.actor.scopes, config.scope)) {
      throw new InsufficientScopeError(config.scope, credential.actor.scopes);
    }
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}
