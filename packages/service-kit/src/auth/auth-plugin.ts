import { hasScope, isValidScopeToken } from '@bulwark/core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Authenticator } from './authenticator.js';
import { requireScope } from './require-scope.js';

export interface AuthPluginOptions {
  authenticator: Authenticator | undefined;
  /** URL prefixes of routes that third-party plugins register for us (swagger-ui) and that are public. */
  publicPrefixes: string[];
}

function describe(route: RouteOptions): string {
  return `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`;
}

/**
 * Every route must say who may call it: `config: { scope: 'x:y' }` or `config: { public: true }`.
 * The check runs when the route is registered, so a forgotten declaration fails at boot (and in every
 * test) instead of shipping a public endpoint by accident.
 */
function checkRouteDeclaration(route: RouteOptions, options: AuthPluginOptions): void {
  const config = (route.config ?? {}) as { scope?: unknown; public?: unknown };
  if (options.publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
    route.config = { ...route.config, public: true };
    return;
  }
  const isPublic = config.public === true;
  const hasScope = config.scope !== undefined;
  if (isPublic && hasScope) {
    throw new Error(`${describe(route)} declares both config.public and config.scope; choose one.`);
  }
  if (isPublic) return;
  if (!hasScope) {
    throw new Error(
      `${describe(route)} declares neither config.scope nor config.public: true; every route must say who may call it.`,
    );
  }
  if (typeof config.scope !== 'string' || !isValidScopeToken(config.scope)) {
    throw new Error(`${describe(route)} declares an invalid config.scope ${JSON.stringify(config.scope)}.`);
  }
  const implied = (config as { impliedByScopes?: unknown }).impliedByScopes;
  if (
    implied !== undefined &&
    (!Array.isArray(implied) || !implied.every((s) => typeof s === 'string' && isValidScopeToken(s)))
  ) {
    throw new Error(
      `${describe(route)} declares an invalid config.impliedByScopes ${JSON.stringify(implied)}.`,
    );
  }
  if (!options.authenticator) {
    throw new Error(
      `${describe(route)} requires scope "${config.scope}" but buildService() was given no \`auth\` options.`,
    );
  }
}

/**
 * Resolves `request.actor` and enforces the route's scope. Runs in `onRequest` — before the body is
 * read or validated — so an unauthenticated or under-scoped caller costs no parsing and learns nothing
 * from validation errors.
 */
async function authPlugin(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  app.decorateRequest('actor', undefined);
  app.addHook('onRoute', (route) => checkRouteDeclaration(route, options));

  const authenticator = options.authenticator;
  if (!authenticator) return;

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Public routes never read credentials: the auth service's own introspection endpoint is public,
    // and authenticating there would make it call itself.
    if (request.is404 || config.public === true) return;
    request.actor = await authenticator.authenticate(request.headers.authorization);
    if (config.scope === undefined) return;
    const actor = request.actor;
    if (config.impliedByScopes?.some((broader) => hasScope(actor.scopes, broader))) return;
    requireScope(actor, config.scope);
  });
  app.addHook('onReady', () => authenticator.start());
  app.addHook('onClose', () => authenticator.close());
}

export const authentication = fp(authPlugin, { name: 'bulwark-auth', fastify: '5.x' });
